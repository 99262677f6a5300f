"""Every broken plan is caught with its own code, at the exact place, without a traceback."""
import re
from pathlib import Path

import pytest

from planforge.diagnostics import PlanError
from planforge.load import load_plan

BAD = Path(__file__).parent / "bad_plans"
CASES = sorted(p for p in BAD.glob("*.yaml") if p.name != "org.yaml")


def expectation(path: Path):
    """First line: ``# expect: CODE LINE:COL WORDS`` — WORDS must appear in the message."""
    match = re.match(r"# expect: (PF\d+) (\d+):(\d+) (.+)", path.read_text(encoding="utf-8").splitlines()[0])
    code, line, col, words = match.groups()
    return code, int(line), int(col), words.strip()


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_bad_plan_is_caught_at_its_position(path):
    code, line, col, words = expectation(path)
    with pytest.raises(PlanError) as caught:
        load_plan(path)
    errors = [d for d in caught.value.diagnostics if d.severity == "error"]
    assert errors, "no error reported"
    first = errors[0]
    assert (first.code, first.position.line, first.position.col) == (code, line, col), str(first)
    assert words in first.message, first.message
    assert first.position.file.endswith(path.name)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_cli_reports_bad_plan_without_output(cli, path, tmp_path):
    code, line, col, _ = expectation(path)
    out = tmp_path / "out"
    status, stdout, stderr = cli("render", path, "-o", out)
    assert status == 2
    assert "Traceback" not in stderr + stdout
    assert re.search(rf"{re.escape(path.name)}:{line}:{col}: 错误: \[{code}\]", stderr), stderr
    assert not out.exists() or not any(out.iterdir()), "a broken plan must not produce files"

    status, stdout, _ = cli("check", path)
    assert status == 2
    assert f":{line}:{col}: 错误: [{code}]" in stdout


def test_check_json_lists_the_same_diagnostics(cli):
    import json

    status, stdout, _ = cli("check", BAD / "unknown_key.yaml", "--format", "json")
    assert status == 2
    data = json.loads(stdout)
    assert data[0]["code"] == "PF101" and (data[0]["line"], data[0]["col"]) == (3, 1)
    assert data[0]["severity"] == "error" and "title" in data[0]["message"]


MINIMAL_PLAN = "year: 2024\nsections:\n  - title: 甲\n"


def plan_folder(tmp_path, org: str, plan: str = MINIMAL_PLAN) -> Path:
    """A folder with an org.yaml and a 2024.yaml; returns the plan's path."""
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "2024.yaml").write_text(plan, encoding="utf-8")
    return tmp_path / "2024.yaml"


def the_only_error(plan: Path):
    with pytest.raises(PlanError) as caught:
        load_plan(plan)
    (diag,) = caught.value.diagnostics
    return diag


def test_error_in_org_file_points_into_org_file(tmp_path):
    diag = the_only_error(plan_folder(tmp_path, "issuer: 测试县教育局\nrecipient: 各学校\n"))
    assert diag.code == "PF101" and diag.position.file.endswith("org.yaml")
    assert (diag.position.line, diag.position.col) == (2, 1) and "recipients" in diag.message


def test_plan_org_key_overrides_profile(tmp_path):
    plan = plan_folder(tmp_path, "issuer: 测试县教育局\ndoc_code: 测教发\n",
                       "year: 2024\norg:\n  doc_code: 测教办发\nsections:\n  - title: 甲\nnotice:\n  doc_number: 7\n  date: 2024-03-01\n")
    loaded = load_plan(plan)
    assert loaded.plan.org.doc_code == "测教办发"
    assert loaded.plan.issuers == ["测试县教育局"]
    assert loaded.plan.notice.doc_number == "测教办发〔2024〕7号"


def test_former_department_name_warns_and_renders_current_name(tmp_path):
    plan = tmp_path / "2024.yaml"
    (tmp_path / "org.yaml").write_text((BAD / "org.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    plan.write_text(
        "year: 2024\nsections:\n  - title: 甲\n    tasks:\n      - title: 管好经费\n        departments: [计财科〈审计组〉, 办公室]\n",
        encoding="utf-8",
    )
    loaded = load_plan(plan)
    (warning,) = loaded.warnings
    assert warning.code == "PF111" and warning.severity == "warning"
    assert (warning.position.line, warning.position.col) == (6, 23)
    assert loaded.plan.sections[0].tasks[0].departments == ["财建科〈审计组〉", "办公室"]


def test_unreadable_inputs_are_reported(tmp_path, cli):
    missing = tmp_path / "nope.yaml"
    status, _, stderr = cli("render", missing, "-o", tmp_path)
    assert status == 2 and "PF000" in stderr and "找不到文件" in stderr
    gbk = tmp_path / "gbk.yaml"
    gbk.write_bytes("year: 2024\ntitle: 工作要点\n".encode("gbk"))
    status, _, stderr = cli("check", gbk)
    assert status == 2 or "PF000" in stderr


def test_alias_bomb_is_refused(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]" for i in range(1, 9)]
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines) + "\nyear: 2024\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(bomb)
    assert caught.value.diagnostics[0].code == "PF001"


def test_unknown_layout_key_in_org(tmp_path):
    diag = the_only_error(plan_folder(tmp_path, "issuer: 测试县教育局\nlayout:\n  margin_top: 37\n"))
    assert diag.code == "PF101" and diag.position.file.endswith("org.yaml")
    assert (diag.position.line, diag.position.col) == (3, 3) and "margin_top_mm" in diag.message


def test_layout_override_reaches_the_document(tmp_path):
    from planforge.compose import compose_plan
    from planforge.templating import Templates
    from planforge.writers.docx import write_docx

    loaded = load_plan(plan_folder(tmp_path, "issuer: 测试县教育局\nlayout:\n  mark_max_size_pt: 36\n  body_size_pt: 15\n"))
    data = write_docx(compose_plan(loaded.plan, Templates()), loaded.plan.org, Templates())
    import io
    import zipfile

    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert '<w:sz w:val="30"/>' in styles and '<w:sz w:val="32"/>' not in styles
