"""The registry of diagnostics: every code used is registered, every entry is used, the README
is generated from it, `planforge explain` prints it, and each text rule's examples are true."""
import re
import textwrap

import pytest

from conftest import ROOT
from planforge.check import check_plan
from planforge.codes import REGISTRY, explain, markdown_table, update_readme
from planforge.diagnostics import Diagnostic, PlanError, PlanforgeError, Position

PACKAGE = ROOT / "planforge"
REGISTRY_FILE = PACKAGE / "codes.py"


def codes_in_package() -> dict[str, set[str]]:
    """Every PF code written in planforge/ (outside the registry), with the files that use it."""
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        if path != REGISTRY_FILE:
            for code in re.findall(r"PF\d{3}", path.read_text(encoding="utf-8")):
                found.setdefault(code, set()).add(str(path.relative_to(ROOT)))
    return found


def test_every_code_used_is_registered():
    unknown = {code: files for code, files in codes_in_package().items() if code not in REGISTRY}
    assert not unknown, f"add these to planforge/codes.py: {unknown}"


def test_every_registered_code_is_used_or_reserved():
    used = codes_in_package()
    idle = [code for code, entry in REGISTRY.items() if code not in used and not entry.reserved]
    assert not idle, f"raised nowhere: mark reserved=True or remove: {idle}"
    reused = [code for code, entry in REGISTRY.items() if entry.reserved and code in used]
    assert not reused, f"reserved but raised: {reused}"


@pytest.mark.parametrize("code", sorted(REGISTRY))
def test_entry_is_complete(code):
    entry = REGISTRY[code]
    assert entry.code == code and entry.level in ("error", "warning")
    assert entry.summary and "\n" not in entry.summary and re.search("[\u4e00-\u9fff]", entry.summary)
    assert re.search("[\u4e00-\u9fff]", entry.explanation)
    assert entry.wrong != entry.right or not entry.wrong
    if not entry.reserved:  # for import's notes: what the old file had, and the plan after it
        assert entry.wrong and entry.right, f"{code} needs a wrong and a right example"


def test_readme_tables_are_generated_from_the_registry():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count("<!-- codes:") == 2, "the README has the plan table and the check table"
    assert update_readme(readme) == readme, "README is stale: run python -m planforge.codes README.md"
    for code, entry in REGISTRY.items():
        row = re.search(rf"^\| {code} \| (\S+) \| (.*) \| (.*) \|$", readme, re.M)
        assert row and row.group(1) == {"error": "错误", "warning": "警告"}[entry.level], code


def test_stale_readme_is_noticed():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    edited = readme.replace("| PF306 | 警告 |", "| PF306 | 错误 |")
    assert edited != readme and update_readme(edited) == readme


def test_level_comes_from_the_registry():
    where = Position("p.yaml", 3, 7)
    assert Diagnostic("PF111", "…", where).severity == "warning"
    assert Diagnostic("PF110", "…", where).severity == "error"
    assert Diagnostic("PF111", "…", where, "error").severity == "error"  # a warning may be raised to an error
    with pytest.raises(ValueError):
        Diagnostic("PF110", "…", where, "warning")  # never an error lowered
    with pytest.raises(ValueError):
        Diagnostic("PF999", "…", where)


def test_one_base_error_type():
    from planforge.importing.pipeline import ImportFailed
    from planforge.output import OutputError
    from planforge.render import RenderError
    from planforge.verify import VerifyError

    for kind in (PlanError, ImportFailed, OutputError, RenderError, VerifyError):
        assert issubclass(kind, PlanforgeError)
    error = PlanError([Diagnostic("PF101", "未知的键“titel”。", Position("p.yaml", 3, 1))])
    assert error.exit_code == 2 and str(error) == "p.yaml:3:1: 错误: [PF101] 未知的键“titel”。"
    assert OutputError("无法写入。").diagnostics == [] and str(OutputError("无法写入。")) == "无法写入。"


def test_cli_reports_a_planforge_error_without_traceback(cli, monkeypatch):
    """The error path of every command: a PlanforgeError that no command caught is said, with its exit code."""
    import planforge.check

    def broken(*args, **kwargs):
        raise PlanforgeError("示例：无法完成。", exit_code=2)

    monkeypatch.setattr(planforge.check, "check_plan", broken)
    status, stdout, stderr = cli("check", ROOT / "plans" / "2024.yaml")
    assert status == 2 and "示例：无法完成。" in stderr and "Traceback" not in stderr + stdout


# --------------------------------------------------------------------------- planforge explain


def test_explain_prints_the_entry(cli):
    status, stdout, _ = cli("explain", "PF306")
    entry = REGISTRY["PF306"]
    assert status == 0 and stdout.startswith("PF306（警告）：" + entry.summary)
    assert entry.explanation in stdout and textwrap.indent(textwrap.dedent(entry.wrong), "    ") in stdout
    assert "错误的写法" in stdout and "正确的写法" in stdout and "删去空格" in stdout


def test_explain_of_an_import_note_shows_the_old_file_and_the_plan(cli):
    """An import note is not a mistake in the plan: its examples are what the file had and what the plan got."""
    status, stdout, _ = cli("explain", "PF413")
    assert status == 0 and "原文：" in stdout and "导入后：" in stdout
    assert "错误的写法" not in stdout and "check --fix" not in stdout


def test_explain_accepts_lower_case_and_says_when_not_fixable(cli):
    status, stdout, _ = cli("explain", "pf310")
    assert status == 0 and stdout.startswith("PF310（错误）") and "不自动改正" in stdout


def test_explain_lists_every_code(cli):
    status, stdout, _ = cli("explain")
    assert status == 0 and [line.split()[0] for line in stdout.splitlines()] == list(REGISTRY)


def test_explain_markdown_is_the_table(cli):
    status, stdout, _ = cli("explain", "--markdown")
    assert status == 0 and stdout.strip() == markdown_table()


@pytest.mark.parametrize("code", ["PF999", "E501", ""])
def test_explain_unknown_code(cli, code):
    status, stdout, stderr = cli("explain", code)
    assert status == 2 and stdout == "" and "没有提示代码" in stderr and "planforge explain" in stderr


def test_explain_text_is_what_the_command_prints(cli):
    for code in ("PF008", "PF307"):
        assert cli("explain", code)[1].rstrip("\n") == explain(REGISTRY[code])


# --------------------------------------------------------------------------- the examples are true

PLAN = """year: 2024
issuer: 示例县教育局
sections:
  - title: 加强党的建设
    tasks:
      - title: 抓好理论学习
{task}
"""
# The text rules whose examples are lines of one task (``    body: …``).
TASK_EXAMPLES = sorted(code for code, e in REGISTRY.items()
                       if e.group == "text" and e.wrong.startswith("    body:") and e.right.startswith("    body:"))


def test_most_text_rules_have_task_examples():
    assert len(TASK_EXAMPLES) >= 12, TASK_EXAMPLES


@pytest.mark.parametrize("code", TASK_EXAMPLES)
def test_text_rule_examples(tmp_path, code):
    """The wrong example is reported with this code, the right one is not."""
    entry = REGISTRY[code]
    for example, expected in ((entry.wrong, True), (entry.right, False)):
        plan = tmp_path / "p.yaml"
        plan.write_text(PLAN.format(task=textwrap.indent(textwrap.dedent(example), " " * 8)), encoding="utf-8")
        codes = {d.code for d in check_plan(plan).diagnostics}
        assert (code in codes) == expected, (example, codes)


HEAD = "year: 2024\nissuer: 示例县教育局\n"
TASKS = "sections:\n  - title: 加强党的建设\n    tasks:\n"
# Where each structure example goes: in the task list, at the top, or under notice.
EMBED = {
    "PF008": HEAD + TASKS + "{}", "PF101": HEAD + TASKS + "{}", "PF103": HEAD + TASKS + "{}",
    "PF102": "issuer: 示例县教育局\n" + TASKS + "      - title: 抓好理论学习\n{}",
    "PF106": HEAD + TASKS + "      - title: 抓好理论学习\n{}",
    "PF104": HEAD + TASKS + "      - title: 抓好理论学习\nnotice:\n{}",
    "PF105": HEAD + TASKS + "      - title: 抓好理论学习\nnotice:\n{}",
}


@pytest.mark.parametrize("code", sorted(EMBED))
def test_plan_examples(tmp_path, code):
    """The wrong example of a structure error is reported with this code; the right one is not."""
    entry, template = REGISTRY[code], EMBED[code]
    indent = " " * 4 if template.endswith("tasks:\n{}") else ""
    for example, expected in ((entry.wrong, True), (entry.right, False)):
        plan = tmp_path / "p.yaml"
        plan.write_text(template.format(textwrap.indent(example, indent)) + "\n", encoding="utf-8")
        codes = {d.code for d in check_plan(plan).diagnostics}
        assert (code in codes) == expected, (plan.read_text(encoding="utf-8"), codes)


def test_ignoring_an_unknown_code_is_an_error(tmp_path):
    plan = tmp_path / "p.yaml"
    plan.write_text(HEAD + TASKS + "      - title: 抓好理论学习\nlint:\n  ignore: [PF306, PF399]\n", encoding="utf-8")
    (found,) = check_plan(plan).diagnostics
    assert (found.code, found.position.line, found.position.col) == ("PF106", 8, 19) and "PF399" in found.message


def test_every_code_has_a_group_and_its_number_says_which():
    """The group is a field (README tables, import's 原文/导入后 examples); the number's hundreds agree with it,
    so that a new code is numbered where its neighbours are."""
    hundreds = {"file": "0", "plan": "1", "output": "12", "text": "3", "import": "4"}
    for entry in REGISTRY.values():
        assert entry.code[2] in hundreds[entry.group], entry.code
