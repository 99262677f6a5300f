"""``planforge preview``: the plan as a web page that follows the file while it is edited.

A small HTTP server on the loopback interface serves exactly the plan's own
pages — ``/`` (the plan) and ``/notice`` (the issuing notice, when the plan
has one) — and ``/events``, a server-sent-events stream.  A watcher
(watchfiles) re-renders when the plan, its org.yaml or a template override is
saved, and tells every open page, which swaps in the new document without
reloading.  When the plan stops loading, the page keeps the last good render
and shows the diagnostics over it, as ``planforge check`` prints them.
Nothing else is served: no files, no directory listing, no other host name
(so that a web page elsewhere cannot reach the server by DNS rebinding).
"""
from __future__ import annotations

import json
import re
import sys
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable, Optional

from .compose import compose_notice, compose_plan
from .diagnostics import PlanError
from .document import Document
from .layout import Layout
from .load import ORG_FILE, find_org_file, load_plan
from .render import user_template_dirs
from .templating import Templates, templates_for

# URL path → (page key, tab label)
PAGES = {"/": ("plan", "计划"), "/notice": ("notice", "印发通知")}
KEEP_ALIVE_SECONDS = 15  # an idle event stream sends a comment this often, to notice closed pages
WATCH_DEBOUNCE_MS = 100  # watchfiles groups the events of one save; its default (1.6 s) is too slow to feel live
NEEDLE_CHARS = 6  # how much of a finding's text (and of the text before it) the page looks for
WATCH_READY_MS = 200  # how long start() may wait for the watches to be in place


@dataclass
class Snapshot:
    """What the pages show: the last good render of each page, and the current errors."""

    version: int = 0  # counts good renders; a page reloads its document when this changes
    pages: dict[str, str] = field(default_factory=dict)  # page key → the preview page's HTML
    errors: list[str] = field(default_factory=list)  # as ``check`` prints them
    lint: list[dict] = field(default_factory=list)  # check's warnings, with the text to mark on the page


class Preview:
    """One plan's preview state; :meth:`rebuild` loads and renders, keeping the last good render on errors."""

    def __init__(self, plan: Path, org: Optional[Path] = None, templates: Optional[Path] = None,
                 lint: bool = False):
        self.plan, self.org, self.templates_dir, self.with_lint = plan, org, templates, lint
        self.snapshot = Snapshot()
        self.changed = threading.Condition()
        self.stamp = 0  # counts rebuilds (good or not): every one is sent to the pages
        self.closed = False

    # ---------------------------------------------------------------- rendering
    def rebuild(self) -> None:
        """Load and render the plan (and notice) now; every page is rendered here, so a request
        only sends what is ready, and a broken template shows as an error, not as a failed page."""
        last = self.snapshot
        try:
            loaded = load_plan(self.plan, self.org)
            templates = templates_for(user_template_dirs(self.plan, self.templates_dir))
            documents = {"plan": compose_plan(loaded.plan, templates)}
            if loaded.plan.notice is not None:
                documents["notice"] = compose_notice(loaded.plan, templates)
            layout, fonts, version = Layout(loaded.plan.org.layout), loaded.plan.org.fonts, last.version + 1
            tabs = [(path, label, key) for path, (key, label) in PAGES.items() if key in documents]
            pages = {key: self._html(document, templates, layout, fonts, version, tabs)
                     for key, document in documents.items()}
            snapshot = Snapshot(version, pages, [], self._lint() if self.with_lint else [])
        except PlanError as exc:
            snapshot = Snapshot(last.version, last.pages, [str(d) for d in exc.diagnostics], last.lint)
        except Exception as exc:  # noqa: BLE001 - a bug must not stop the preview of the next save
            snapshot = Snapshot(last.version, last.pages, [
                f"planforge 内部错误：{type(exc).__name__}: {exc}（这是 planforge 的缺陷，请告诉维护人员）"], last.lint)
        with self.changed:
            self.snapshot = snapshot
            self.stamp += 1
            self.changed.notify_all()

    def page(self, key: str) -> Optional[str]:
        """The preview page for ``key``; ``None`` when the plan has no such document."""
        snapshot = self.snapshot
        if snapshot.pages:
            return snapshot.pages.get(key)
        # the plan has never loaded: an empty page (built-in templates) for the errors to show on
        return self._html(Document(key, self.plan.name, []), Templates(), Layout(), None, 0, [])

    def _html(self, document: Document, templates: Templates, layout: Layout, fonts, version: int, tabs) -> str:
        from .writers.html import write_html

        tabs = [(path, label, key == document.kind) for path, label, key in tabs]
        return write_html(document, templates, layout, fonts, template="html/preview.html.j2",
                          version=version, tabs=tabs, plan_name=self.plan.name)

    def _lint(self) -> list[dict]:
        """``check``'s findings, each with the text it is about (``needle``) and a few characters
        before it on the same line (``before``), so that the page can mark it in the document."""
        from .check import diagnose

        diagnostics, findings = diagnose(self.plan, self.org)
        fixes = {f.diagnostic: f.fix for f in findings if f.fix}
        text = self.plan.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        lines = text.split("\n")
        out = []
        for d in diagnostics:
            item = d.to_json() | {"text": str(d), "needle": "", "before": ""}
            if Path(d.position.file).resolve() == self.plan.resolve() and d.position.line <= len(lines):
                line = lines[d.position.line - 1]
                start = d.position.col - 1
                fix = fixes.get(d)
                needle = text[fix.start:fix.end] if fix else line[start:start + NEEDLE_CHARS]
                before = re.split(r"^.*(?::\s|-\s|[\"'>|])", line[max(0, start - NEEDLE_CHARS):start])[-1]
                item |= {"needle": needle.strip().strip("\"'"), "before": before.lstrip()}
            out.append(item)
        return out

    def state(self) -> dict:
        snapshot = self.snapshot
        return {"version": snapshot.version, "errors": snapshot.errors, "lint": snapshot.lint}

    # ---------------------------------------------------------------- watching
    def watched(self) -> tuple[set[Path], set[Path]]:
        """(the plan and its org.yaml, whose folders are watched but not their subfolders; template folders)."""
        plan = self.plan.resolve()
        org = self.org or find_org_file(plan)
        files = {plan, plan.parent / ORG_FILE} | ({org.resolve()} if org else set())
        folders = {d.resolve() for d in user_template_dirs(self.plan, self.templates_dir)}
        return files, folders

    def watch(self, stop: threading.Event, templates: bool, ready: threading.Event) -> None:
        """Rebuild on every save until ``stop`` is set (runs on its own thread): the plan's and
        org's folders without their subfolders (a plan may sit at a repository's root), or
        the template folders with theirs.  ``ready`` is set once the folders are watched."""
        from watchfiles import watch

        files, folders = self.watched()
        roots = sorted(folders if templates else {f.parent for f in files})
        roots = [r for r in roots if r.is_dir()]
        if not roots:
            ready.set()
            return

        def relevant(_change, path: str) -> bool:
            path = Path(path)
            return path in files or any(path.is_relative_to(d) for d in folders)

        # an empty set on each quiet interval: the first one says the watches are in place
        for changes in watch(*roots, watch_filter=relevant, stop_event=stop, debounce=WATCH_DEBOUNCE_MS, step=50,
                             rust_timeout=WATCH_READY_MS, yield_on_timeout=True, recursive=templates,
                             raise_interrupt=False):
            ready.set()
            if changes:
                self.rebuild()

    def close(self) -> None:
        with self.changed:
            self.closed = True
            self.changed.notify_all()


def _handler(preview: Preview, allowed_hosts: Callable[[], set[str]]):
    class Handler(BaseHTTPRequestHandler):
        server_version = "planforge-preview"
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):  # noqa: A002 - the terminal shows the address, not every request
            pass

        def _send(self, status: HTTPStatus, body: str, kind: str = "text/plain; charset=utf-8") -> None:
            data = body.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):  # noqa: N802 - the name http.server calls
            if self.headers.get("Host", "") not in allowed_hosts():
                return self._send(HTTPStatus.FORBIDDEN, "只接受本机地址的访问。")
            path = self.path.split("?", 1)[0]
            if path == "/events":
                return self._events()
            if path not in PAGES:
                return self._send(HTTPStatus.NOT_FOUND, "预览只提供计划和通知两个页面：/ 和 /notice。")
            page = preview.page(PAGES[path][0])
            if page is None:
                return self._send(HTTPStatus.NOT_FOUND, "计划中没有 notice（印发通知）部分。")
            self._send(HTTPStatus.OK, page, "text/html; charset=utf-8")

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.close_connection = True
            seen = None
            try:
                while True:
                    with preview.changed:
                        preview.changed.wait_for(lambda: preview.stamp != seen or preview.closed, KEEP_ALIVE_SECONDS)
                        if preview.closed:
                            return
                        stamp, state = preview.stamp, preview.state()
                    message = ": keep-alive\n\n" if stamp == seen else f"data: {json.dumps(state, ensure_ascii=False)}\n\n"
                    seen = stamp
                    self.wfile.write(message.encode("utf-8"))
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                return

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream must not keep the process alive after Ctrl-C

    def handle_error(self, request, client_address) -> None:
        """A page closed in the middle of a request is normal; anything else is a bug, said in one line."""
        exc = sys.exc_info()[1]
        if not isinstance(exc, ConnectionError):
            print(f"planforge 内部错误（预览）：{type(exc).__name__}: {exc}", file=sys.stderr)


class PreviewServer:
    """The server and the watcher, each on a thread of its own; :meth:`stop` ends both."""

    def __init__(self, preview: Preview, host: str = "127.0.0.1", port: int = 0):
        self.preview = preview
        self.httpd = _Server((host, port), _handler(preview, self._hosts))
        self.host, self.port = host, self.httpd.server_address[1]
        self._stop = threading.Event()
        self._ready = (threading.Event(), threading.Event())
        self._threads = [threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True),
                         *(threading.Thread(target=preview.watch, args=(self._stop, templates, ready), daemon=True,
                                            name="preview-watch") for templates, ready in zip((False, True), self._ready))]

    def _hosts(self) -> set[str]:
        return {f"{self.host}:{self.port}", f"localhost:{self.port}"}

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def start(self) -> "PreviewServer":
        """Render, serve, watch; return once a save would be seen."""
        self.preview.rebuild()
        for thread in self._threads:
            thread.start()
        for ready in self._ready:
            ready.wait(timeout=10)
        return self

    def stop(self) -> None:
        self._stop.set()
        self.preview.close()
        self.httpd.shutdown()
        self.httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
