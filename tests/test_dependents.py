"""`check` on the files a commit changed: --strict, and org.yaml / templates standing for the plans that use them."""
from pathlib import Path

from conftest import ROOT

LINT = ROOT / "tests" / "lint_plans"
PLAN = "year: 2024\nissuer: 测试县教育局\nsections:\n  - title: 加强党的建设\n    tasks:\n      - title: 抓好理论学习\n        departments: [办公室]\n"


def folder(tmp_path: Path, org: str = "departments:\n  - name: 办公室\n") -> Path:
    plans = tmp_path / "plans"
    (plans / "2025").mkdir(parents=True)
    (plans / "org.yaml").write_text(org, encoding="utf-8")
    (plans / "2024.yaml").write_text(PLAN, encoding="utf-8")
    (plans / "2025" / "2025.yaml").write_text(PLAN.replace("2024", "2025"), encoding="utf-8")  # uses ../org.yaml
    return plans


def test_strict_makes_warnings_fail_with_exit_1(cli):
    assert cli("check", LINT / "clean.yaml")[0] == 0
    assert cli("check", "--strict", LINT / "clean.yaml")[0] == 0
    status, stdout, _ = cli("check", LINT / "halfwidth_comma.yaml")
    assert status == 0 and "[PF301]" in stdout, "without --strict a warning passes"
    status, stdout, _ = cli("check", "--strict", LINT / "halfwidth_comma.yaml")
    assert status == 1 and "[PF301]" in stdout
    assert cli("check", "--strict", LINT / "placeholder_xx.yaml")[0] == 2, "errors keep their exit code"


def test_strict_lets_the_draft_new_starts_be_committed(cli, tmp_path):
    """`new` clears the notice's number and date (PF140, PF141): --strict shows the reminders and passes;
    any other warning in the draft still fails it."""
    plans = tmp_path / "plans"
    plans.mkdir()
    for name in ("2024.yaml", "org.yaml"):
        (plans / name).write_bytes((ROOT / "plans" / name).read_bytes())
    assert cli("new", "2025", "--from", plans / "2024.yaml")[0] == 0
    status, stdout, _ = cli("check", "--strict", plans / "2025.yaml")
    assert status == 0 and "[PF140]" in stdout and "[PF141]" in stdout, stdout
    draft = plans / "2025.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("推进", "推进,", 1), encoding="utf-8")
    status, stdout, _ = cli("check", "--strict", draft)
    assert status == 1 and "[PF301]" in stdout


def test_org_yaml_stands_for_every_plan_that_uses_it(cli, tmp_path):
    plans = folder(tmp_path, "departments:\n  - name: 党政办\n")  # 办公室 renamed without a former name
    status, stdout, stderr = cli("check", plans / "org.yaml")
    assert status == 2, stderr
    assert "2024.yaml:7:23: 错误: [PF110]" in stdout and "2025.yaml:7:23: 错误: [PF110]" in stdout
    assert "year" not in stdout, "org.yaml itself is not read as a plan"
    # another folder's org.yaml takes over below it: that plan does not use this one
    (plans / "2025" / "org.yaml").write_text("departments:\n  - name: 办公室\n", encoding="utf-8")
    status, stdout, _ = cli("check", plans / "org.yaml", plans / "2024.yaml")
    assert "2025.yaml" not in stdout and stdout.count("2024.yaml:7:23") == 1, "a plan named twice is checked once"


def test_a_template_stands_for_the_plans_beside_it_and_is_rendered(cli, tmp_path):
    plans = folder(tmp_path)
    (plans / "2025" / "2025.yaml").unlink()
    (plans / "2023.yaml").write_text(PLAN.replace("2024", "2023"), encoding="utf-8")
    note = plans / "templates" / "text" / "note.j2"
    note.parent.mkdir(parents=True)
    note.write_text("（{{ label }}：{{ departments | join('、') }}）", encoding="utf-8")
    assert cli("check", "--strict", note)[0] == 0
    note.write_text("（{{ label }}：{{ departments | join('、') }}{% if %}）", encoding="utf-8")
    status, stdout, _ = cli("check", note)
    assert status == 2 and stdout.count("[PF150]") == 1, "one broken template, one error, though two plans use it"
    assert "note.j2:1:" in stdout


def test_a_mistake_in_org_yaml_is_reported_once(cli, tmp_path):
    """org.yaml stands for two plans; its own mistake is one mistake, said once and counted once."""
    plans = folder(tmp_path, "responsibility:\n  lead_remark: 是\ndepartments:\n  - name: 办公室\n")
    status, stdout, stderr = cli("check", plans / "org.yaml")
    assert status == 2 and stdout.count("org.yaml:2:16: 错误: [PF102]") == 1, stdout
    assert "1 个错误" in stderr, stderr


def test_a_plan_below_a_folder_named_templates_is_a_plan(cli, tmp_path):
    """Only templates/<kind>/<file> is a template: a plan somewhere under an unrelated “templates” folder,
    named by its absolute path, is checked as the plan it is."""
    plans = tmp_path / "templates" / "county" / "plans"
    plans.mkdir(parents=True)
    (plans / "org.yaml").write_text("departments:\n  - name: 办公室\n", encoding="utf-8")
    (plans / "2024.yaml").write_text(PLAN + "bogus_key: 1\n", encoding="utf-8")
    status, stdout, _ = cli("check", (plans / "2024.yaml").resolve())
    assert status == 2 and "[PF101]" in stdout


def test_an_org_yaml_or_template_no_plan_uses_is_not_passed_unread(cli, tmp_path):
    lone = tmp_path / "lone"
    (lone / "templates" / "text").mkdir(parents=True)
    (lone / "org.yaml").write_text("issuer: [a\nbogus: : :\n", encoding="utf-8")
    (lone / "templates" / "text" / "note.j2").write_text("{% if %}", encoding="utf-8")
    for path in (lone / "org.yaml", lone / "templates" / "text" / "note.j2"):
        status, _, stderr = cli("check", path)
        assert status == 2 and "[PF009]" in stderr, stderr


def test_a_template_that_makes_broken_xml_is_an_error_not_a_broken_docx(cli, tmp_path):
    """Word refuses a DOCX with one malformed part: the user's own DOCX template must give XML."""
    plans = folder(tmp_path)
    part = plans / "templates" / "docx" / "document.xml.j2"
    part.parent.mkdir(parents=True)
    part.write_text("<w:document><broken>{{ 1 }}", encoding="utf-8")
    status, stdout, _ = cli("check", plans / "2024.yaml")
    assert status == 2 and "[PF151]" in stdout and "document.xml.j2" in stdout
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path / "out", "--to", "docx")
    assert status == 2 and "[PF151]" in stderr and not (tmp_path / "out" / "2024.docx").exists()
