"""`planforge check` as a linter: one mistake per plan, each caught exactly; clean plans stay clean; --fix."""
import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import PLANS, ROOT
from planforge.check import check_plan

LINT = Path(__file__).parent / "lint_plans"
CASES = sorted(p for p in LINT.glob("*.yaml") if p.name != "org.yaml")
FIXABLE = ["halfwidth_comma", "halfwidth_parens", "halfwidth_colon", "ellipsis", "doubled_stop",
           "space_between_chinese", "space_before_digit", "former_department",
           "halfwidth_stop", "space_before_stop", "fullwidth_colon"]


def expected(path: Path) -> set:
    """First line: ``# expect: CODE L:C, CODE L:C`` (nothing for a clean plan)."""
    found = re.findall(r"(PF\d+) (\d+):(\d+)", path.read_text(encoding="utf-8").splitlines()[0])
    return {(code, int(line), int(col)) for code, line, col in found}


def reported(path: Path) -> set:
    result = check_plan(path)
    return {(d.code, d.position.line, d.position.col) for d in result.diagnostics if d.position.file == str(path)}


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_mistake_caught_exactly(path):
    assert reported(path) == expected(path)


@pytest.mark.parametrize("plan", ["2024.yaml", "2025.yaml"])
def test_examples_have_no_false_alarms(cli, plan):
    status, stdout, stderr = cli("check", PLANS / plan)
    assert status == 0 and stdout == "", stdout
    assert "0 个错误，0 个警告" in stderr


def test_placeholder_is_an_error(cli):
    status, stdout, _ = cli("check", LINT / "placeholder_xx.yaml")
    assert status == 2 and "错误: [PF310]" in stdout


@pytest.mark.parametrize("name", FIXABLE)
def test_fix_then_clean_and_comments_kept(cli, tmp_path, name):
    shutil.copy(LINT / "org.yaml", tmp_path / "org.yaml")
    plan = tmp_path / f"{name}.yaml"
    original = (LINT / f"{name}.yaml").read_text(encoding="utf-8")
    plan.write_text(original, encoding="utf-8")
    status, _, stderr = cli("check", plan, "--fix")
    assert status == 0 and re.search(r"已改正 \d+ 处", stderr), stderr
    fixed = plan.read_text(encoding="utf-8")
    assert fixed.splitlines()[0] == original.splitlines()[0], "comments stay"
    assert len(fixed.splitlines()) == len(original.splitlines()), "layout stays"
    assert reported(plan) == set(), "re-checked clean"
    assert yaml.safe_load(fixed)["sections"][0]["tasks"][0]["title"] == "抓好理论学习"


def test_fix_results(tmp_path, cli):
    shutil.copy(LINT / "org.yaml", tmp_path / "org.yaml")
    for name in ("halfwidth_parens", "ellipsis", "former_department", "space_before_digit"):
        shutil.copy(LINT / f"{name}.yaml", tmp_path / f"{name}.yaml")
    cli("check", tmp_path, "--fix")
    body = lambda name: yaml.safe_load((tmp_path / f"{name}.yaml").read_text(encoding="utf-8"))["sections"][0]["tasks"][0]  # noqa: E731
    assert body("halfwidth_parens")["body"] == "全年组织集中学习（每月一次）。"
    assert body("ellipsis")["body"] == "全年组织集中学习……每月一次。"
    assert body("former_department")["departments"] == ["办公室", "财建科"]
    assert body("space_before_digit")["body"] == "全年组织集中学习12次。"


def test_unfixable_problems_leave_the_file_alone(cli, tmp_path):
    shutil.copy(LINT / "org.yaml", tmp_path / "org.yaml")
    plan = tmp_path / "p.yaml"
    plan.write_text((LINT / "unclosed_quote.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = plan.read_bytes()
    cli("check", plan, "--fix")
    assert plan.read_bytes() == before


def test_silencing_per_plan_and_per_organisation(tmp_path):
    shutil.copy(LINT / "space_between_chinese.yaml", tmp_path / "p.yaml")
    (tmp_path / "org.yaml").write_text((LINT / "org.yaml").read_text(encoding="utf-8") + "lint:\n  ignore: [PF306]\n", encoding="utf-8")
    assert reported(tmp_path / "p.yaml") == set()
    (tmp_path / "org.yaml").write_text((LINT / "org.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    text = (tmp_path / "p.yaml").read_text(encoding="utf-8")
    (tmp_path / "p.yaml").write_text(text + "lint:\n  ignore: [PF306]\n", encoding="utf-8")
    assert reported(tmp_path / "p.yaml") == set()


def test_bad_ignore_code_is_reported(tmp_path):
    shutil.copy(LINT / "org.yaml", tmp_path / "org.yaml")
    (tmp_path / "p.yaml").write_text((LINT / "clean.yaml").read_text(encoding="utf-8") + "lint:\n  ignore: [spaces]\n", encoding="utf-8")
    assert reported(tmp_path / "p.yaml") == {("PF106", 13, 12)}


def test_unused_department_points_into_org(tmp_path):
    (tmp_path / "org.yaml").write_text((LINT / "org.yaml").read_text(encoding="utf-8") + "  - name: 督导室\n", encoding="utf-8")
    shutil.copy(LINT / "clean.yaml", tmp_path / "p.yaml")
    diagnostics = check_plan(tmp_path / "p.yaml").diagnostics
    (unused,) = diagnostics
    assert unused.code == "PF331" and unused.position.file.endswith("org.yaml") and unused.position.line == 6


def test_folder_as_json(cli):
    status, stdout, _ = cli("check", LINT, "--format", "json")
    data = json.loads(stdout)
    assert status == 2  # the placeholders are errors
    files = {Path(d["file"]).name for d in data}
    assert "halfwidth_comma.yaml" in files and "clean.yaml" not in files
    assert all({"file", "line", "col", "severity", "code", "message"} <= set(d) for d in data)


def test_pre_commit_hook_runs_check():
    hooks = {hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["planforge-check"]["entry"] == "planforge check --strict" and hooks["planforge-fix"]["entry"] == "planforge check --fix"
    for hook in hooks.values():  # run for real in tests/test_precommit.py
        assert hook["language"] == "python" and hook["require_serial"] and "exclude" not in hook
        for path in ("plans/2024.yaml", "plans/org.yaml", "bureau/plans/2025/2025.yml", "plans/templates/text/note.j2"):
            assert re.search(hook["files"], path), path  # org.yaml and templates stand for the plans that use them
        for path in (".pre-commit-config.yaml", "plans/plan.schema.json", "README.md"):
            assert not re.search(hook["files"], path), path


def test_fix_says_which_files_it_changed(cli, tmp_path):
    """Several plans fixed at once (as the pre-commit hook does): the summary names each changed file."""
    shutil.copy(LINT / "org.yaml", tmp_path / "org.yaml")
    shutil.copy(LINT / "clean.yaml", tmp_path / "clean.yaml")
    shutil.copy(LINT / "halfwidth_comma.yaml", tmp_path / "comma.yaml")
    status, _, stderr = cli("check", tmp_path / "clean.yaml", tmp_path / "comma.yaml", "--fix")
    assert status == 0 and f"已改正 1 处（{tmp_path / 'comma.yaml'} 1 处）" in stderr, stderr
    assert "clean.yaml" not in stderr
