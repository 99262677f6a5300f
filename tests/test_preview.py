"""planforge preview without a browser: the state it keeps, what it serves, the events it
sends after a save, and how it starts and stops."""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys

import html5lib
import pytest

from conftest import PLANS
from planforge.check import check_plan
from planforge.preview import Preview, PreviewServer

BROKEN = "year: 两千"  # line 3 of the plan: not a number


@pytest.fixture
def plan(tmp_path):
    for name in ("2024.yaml", "org.yaml"):
        shutil.copy(PLANS / name, tmp_path / name)
    return tmp_path / "2024.yaml"


def _line_of(path, text):
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_errors_keep_the_last_good_render(plan):
    preview = Preview(plan)
    preview.rebuild()
    assert preview.state() == {"version": 1, "errors": [], "lint": []}
    good = preview.page("plan")
    assert "加强党的建设，把牢教育发展方向" in good and preview.page("notice") is not None
    html5lib.HTMLParser(strict=True).parse(good)

    original = plan.read_text(encoding="utf-8")
    line = _line_of(plan, "year: 2024")
    plan.write_text(original.replace("year: 2024", BROKEN), encoding="utf-8")
    preview.rebuild()
    state = preview.state()
    assert state["version"] == 1
    (error,) = state["errors"]
    assert error.startswith(f"{plan}:{line}:7: 错误: [PF102] ") and "两千" in error
    assert state["errors"] == [str(d) for d in check_plan(plan).diagnostics]  # as planforge check says it
    assert "加强党的建设，把牢教育发展方向" in preview.page("plan")  # still the last good page

    plan.write_text(original.replace("把牢教育发展方向", "把牢正确方向"), encoding="utf-8")
    preview.rebuild()
    assert preview.state()["errors"] == [] and preview.state()["version"] == 2
    assert "把牢正确方向" in preview.page("plan")


def test_a_plan_that_never_loaded_shows_an_empty_page(plan):
    plan.write_text(BROKEN + "\n", encoding="utf-8")
    preview = Preview(plan)
    preview.rebuild()
    assert preview.state()["version"] == 0 and preview.state()["errors"]
    page = preview.page("plan")
    assert 'id="pf-errors"' in page and "<h1" not in page


def test_lint_findings_are_sent_when_asked(plan):
    text = plan.read_text(encoding="utf-8").replace("title: 坚持党对教育工作的全面领导", "title: 坚持党对教育工作的全面领导,强化统筹")
    plan.write_text(text, encoding="utf-8")
    quiet, loud = Preview(plan), Preview(plan, lint=True)
    quiet.rebuild(), loud.rebuild()
    assert quiet.state()["lint"] == []
    found = loud.state()["lint"]
    assert [d["text"] for d in found] == [str(d) for d in check_plan(plan).diagnostics]  # as check says them
    (comma,) = [d for d in found if d["code"] == "PF301"]
    assert comma["line"] == _line_of(plan, "        title: 坚持党对教育工作的全面领导,强化统筹")
    assert comma["needle"] == "," and comma["before"] == "教育工作的全面领导"[-6:]


class Client:
    def __init__(self, server, host=None):
        self.connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        self.host = host

    def get(self, path):
        headers = {"Host": self.host} if self.host else {}
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        return response.status, response


def _next_event(response) -> dict:
    """The next data message of an event stream; a few keep-alive comments in a row mean none is coming."""
    quiet = 0
    while quiet < 4:
        line = response.fp.readline().decode("utf-8")
        if line.startswith("data: "):
            return json.loads(line[len("data: "):])
        quiet += line.startswith(": keep-alive")
    pytest.fail("the preview sent no event after the save")


@pytest.fixture
def server(plan):
    running = PreviewServer(Preview(plan)).start()
    yield running
    running.stop()


def test_serves_only_the_plans_pages_on_loopback(server):
    assert server.host == "127.0.0.1" and server.url == f"http://127.0.0.1:{server.port}/"
    status, response = Client(server).get("/")
    assert status == 200 and response.getheader("Content-Type") == "text/html; charset=utf-8"
    assert "<h1" in response.read().decode("utf-8")
    assert Client(server).get("/notice?x=1")[0] == 200
    for path in ("/2024.yaml", "/org.yaml", "/../2024.yaml", "/%2e%2e/org.yaml", "//etc/passwd", "/templates/", "/notice/"):
        status, response = Client(server).get(path)
        assert status == 404 and b"<" not in response.read(), path
    assert Client(server, host="attacker.example:80").get("/")[0] == 403  # DNS rebinding


def test_a_save_reaches_the_event_stream(server, plan):
    status, events = Client(server).get("/events")
    assert status == 200 and events.getheader("Content-Type").startswith("text/event-stream")
    assert _next_event(events) == {"version": 1, "errors": [], "lint": []}
    original = plan.read_text(encoding="utf-8")
    plan.write_text(original.replace("year: 2024", BROKEN), encoding="utf-8")
    state = _next_event(events)
    assert state["version"] == 1 and "[PF102]" in state["errors"][0]
    plan.write_text(original.replace("把牢教育发展方向", "把牢正确方向"), encoding="utf-8")
    while state["errors"] or state["version"] == 1:  # a save may arrive as more than one event
        state = _next_event(events)
    assert state["version"] == 2
    assert "把牢正确方向" in Client(server).get("/")[1].read().decode("utf-8")


def test_an_org_change_is_seen_too(server, plan):
    _, events = Client(server).get("/events")
    _next_event(events)
    org = plan.with_name("org.yaml")
    org.write_text(org.read_text(encoding="utf-8").replace("heiti: 黑体", "heiti: 方正黑体"), encoding="utf-8")
    while _next_event(events)["version"] == 1:
        pass
    assert '"方正黑体"' in Client(server).get("/")[1].read().decode("utf-8")


def test_cli_refuses_a_missing_plan_and_a_busy_port(cli, plan, tmp_path):
    code, _, err = cli("preview", tmp_path / "none.yaml")
    assert code == 2 and "找不到文件" in err
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        code, _, err = cli("preview", plan, "--port", busy.getsockname()[1])
    assert code == 2 and "端口已被占用" in err


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT is how a terminal sends Ctrl-C on POSIX")
def test_ctrl_c_stops_cleanly(plan):
    process = subprocess.Popen([sys.executable, "-m", "planforge", "preview", str(plan)], stderr=subprocess.PIPE,
                               text=True, encoding="utf-8", env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        banner = process.stderr.readline()
        url = banner.split("：", 1)[1].split()[0]
        port = int(url.rsplit(":", 1)[1].strip("/"))
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("GET", "/events")  # an open page must not keep the server alive
        assert _next_event(connection.getresponse())["version"] == 1
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        assert process.stderr.read().strip() == "预览已停止。"
    finally:
        if process.poll() is None:
            process.kill()


def test_template_overrides_are_watched(plan):
    override = plan.parent / "templates" / "html" / "style.css.j2"
    override.parent.mkdir(parents=True)
    override.write_text(".document { color: #111111; }\n", encoding="utf-8")
    running = PreviewServer(Preview(plan)).start()
    try:
        _, events = Client(running).get("/events")
        assert _next_event(events)["version"] == 1
        override.write_text(".document { color: {{ no_such_name }}; }\n", encoding="utf-8")
        state = _next_event(events)
        assert state["version"] == 1 and "[PF151]" in state["errors"][0] and "no_such_name" in state["errors"][0]
        override.write_text(".document { color: #222222; }\n", encoding="utf-8")
        while state["version"] == 1:
            state = _next_event(events)
        assert state["errors"] == [] and "#222222" in Client(running).get("/")[1].read().decode("utf-8")
    finally:
        running.stop()
