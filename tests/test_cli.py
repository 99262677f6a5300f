"""The commands as a user runs them."""
import json
import os
import shutil

import pytest

from conftest import PLANS


@pytest.fixture
def plans(tmp_path):
    """A copy of the example plans folder the test may change."""
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    return folder


def test_render_writes_markdown(cli, plans, tmp_path):
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path / "build", "--to", "md")
    assert status == 0, stderr
    md = (tmp_path / "build" / "2024.md").read_text(encoding="utf-8")
    assert md.startswith("# 中共示例市委教育工作委员会 示例市教育局2024年工作要点\n")
    assert "已生成" in stderr
    assert not list((tmp_path / "build").glob(".*.tmp")), "temporary files must not be left behind"
    mode = (tmp_path / "build" / "2024.md").stat().st_mode & 0o777
    assert mode & 0o044 == 0o044 or os.name == "nt", f"{mode:o}: others must be able to read what we write"


def test_check_example_plans_clean(cli):
    status, stdout, stderr = cli("check", PLANS)
    assert status == 0, stdout
    assert stdout == ""
    assert "0 个错误，0 个警告" in stderr


def test_render_refuses_to_overwrite_its_source(cli, plans):
    (plans / "2024.md").write_text("year: 2024\nsections:\n  - title: 甲\n", encoding="utf-8")
    source = plans / "2024.md"
    before = source.read_bytes()
    status, _, stderr = cli("render", source, "-o", plans, "--to", "md", "--org", plans / "org.yaml")
    assert status == 2 and "拒绝写入" in stderr
    assert source.read_bytes() == before


def test_failed_render_keeps_previous_output(cli, plans, tmp_path):
    out = tmp_path / "build"
    assert cli("render", plans / "2024.yaml", "-o", out, "--to", "md")[0] == 0
    good = (out / "2024.md").read_bytes()
    text = (plans / "2024.yaml").read_text(encoding="utf-8")
    (plans / "2024.yaml").write_text(text.replace("year: 2024", "year: 二〇二四"), encoding="utf-8")
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", out, "--to", "md")
    assert status == 2 and "PF102" in stderr
    assert (out / "2024.md").read_bytes() == good


def test_user_template_overrides_wording(cli, plans, tmp_path):
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "templates" / "text" / "note.j2").write_text("（牵头：{{ departments[0] }}）", encoding="utf-8")
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path, "--to", "md")
    assert status == 0, stderr
    md = (tmp_path / "2024.md").read_text(encoding="utf-8")
    assert "（牵头：党建指导科）" in md and "责任科室" not in md


def test_template_error_names_template_and_line(cli, plans, tmp_path):
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "templates" / "text" / "note.j2").write_text("（\n{{ departmens | join('、') }}）", encoding="utf-8")
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path, "--to", "md")
    assert status == 2
    assert "note.j2:2:1: 错误: [PF151]" in stderr and "departmens" in stderr
    assert not (tmp_path / "2024.md").exists()


def test_template_cannot_escape_the_sandbox(cli, plans, tmp_path):
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "templates" / "text" / "note.j2").write_text(
        "{{ label.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path, "--to", "md")
    assert status == 2 and "PF151" in stderr and "Traceback" not in stderr


def test_template_syntax_error(cli, plans, tmp_path):
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "templates" / "text" / "note.j2").write_text("{% if first %}（{{ label }}）", encoding="utf-8")
    status, _, stderr = cli("render", plans / "2024.yaml", "-o", tmp_path, "--to", "md")
    assert status == 2 and "note.j2:1:1: 错误: [PF150] 模板语法错误" in stderr


def test_unknown_format(cli, tmp_path):
    status, _, stderr = cli("render", PLANS / "2024.yaml", "-o", tmp_path, "--to", "md,odt")
    assert status == 2 and "odt" in stderr


def test_schema_is_json_schema(cli):
    status, stdout, _ = cli("schema")
    schema = json.loads(stdout)
    assert status == 0
    assert {"year", "sections", "notice", "numbering"} <= set(schema["properties"])
    assert schema["properties"]["numbering"]["enum"] == ["continuous", "per-section"]
    status, stdout, _ = cli("schema", "--org")
    assert "departments" in json.loads(stdout)["properties"]


def test_several_plans_one_failing(cli, plans, tmp_path):
    (plans / "broken.yaml").write_text("year: 2024\n", encoding="utf-8")
    status, _, stderr = cli("render", plans, "-o", tmp_path, "--to", "md")
    assert status == 2
    assert (tmp_path / "2024.md").exists(), "the good plans are still rendered"
    assert "broken.yaml:1:1: 错误: [PF103]" in stderr


def test_render_default_formats(cli, tmp_path):
    status, _, stderr = cli("render", PLANS / "2024.yaml", "-o", tmp_path)
    assert status == 0, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2024-notice.docx", "2024.docx", "2024.md"]


def test_render_without_notice_skips_it_unless_asked(cli, tmp_path):
    plan = tmp_path / "2024.yaml"
    plan.write_text("year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 甲\n", encoding="utf-8")
    assert cli("render", plan, "-o", tmp_path / "out")[0] == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["2024.docx", "2024.md"]
    status, _, stderr = cli("render", plan, "-o", tmp_path / "out2", "--to", "notice")
    assert status == 2 and "PF160" in stderr


def test_pdf_without_libreoffice_says_how_to_get_it(cli, tmp_path, monkeypatch):
    import planforge.pdf

    monkeypatch.setattr(planforge.pdf, "soffice", lambda: None)
    status, _, stderr = cli("render", PLANS / "2024.yaml", "-o", tmp_path, "--to", "md,pdf")
    assert status == 2 and "PF162" in stderr and "LibreOffice" in stderr
    assert not list(tmp_path.iterdir()), "nothing is written when one format fails"


def test_org_yaml_given_as_a_plan_is_named_for_what_it_is(cli, tmp_path):
    """org.yaml is not a plan: render says so (PF004) instead of listing its keys as unknown plan keys."""
    status, _, stderr = cli("render", PLANS / "org.yaml", "-o", tmp_path)
    assert status == 2 and "[PF004]" in stderr and "PF101" not in stderr
    assert list(tmp_path.iterdir()) == []
