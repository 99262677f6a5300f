"""A broken custom template or plan expression is reported in Chinese, not in Jinja2's English."""
import re

import pytest
import yaml

PLAN = {
    "year": 2026,
    "issuer": ["某县教育局"],
    "sections": [{"title": "加强党的建设", "tasks": [
        {"id": "study", "title": "抓好理论学习", "body": "全年组织集中学习十二次。", "departments": ["办公室"]}]}],
}
NOTE = '（{{ label }}：{{ departments | join("、") }}）'


def _english_words(line: str) -> list[str]:
    """English words in a message, leaving out paths, codes and the template's own names."""
    message = line.split("] ", 1)[1]
    return [w for w in re.findall(r"[A-Za-z]{3,}", message) if w not in {"departments", "label", "endif", "elif", "else",
                                                                         "endfor", "yaer", "nofilter", "departmens",
                                                                         "issuers", "kind", "year"}]


@pytest.mark.parametrize("template, code, said", [
    (NOTE.replace("}}）", "}）"), "PF150", "多出或不配对的“}”"),
    ("{% if departments %}" + NOTE, "PF150", "“{% if %}”没有闭合，此处应为 {% elif %}、{% else %} 或 {% endif %}"),
    (NOTE.replace("departments |", "departmens |"), "PF151", "未定义的名称“departmens”"),
    (NOTE.replace("join(", "nofilter("), "PF150", "没有名为“nofilter”的过滤器"),
    ("（{{ label", "PF150", "模板结束了，但缺少“}}”"),
])
def test_template_errors_in_chinese(cli, tmp_path, template, code, said):
    plans = tmp_path / "plans"
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "2026.yaml").write_text(yaml.safe_dump(PLAN, allow_unicode=True), encoding="utf-8")
    note = plans / "templates" / "text" / "note.j2"
    note.write_text(template, encoding="utf-8")
    status, out, err = cli("check", note)
    lines = [line for line in (out + err).splitlines() if f"[{code}]" in line]
    assert status == 2 and lines, out + err
    assert said in lines[0] and not _english_words(lines[0]), lines


def test_expression_error_in_chinese(cli, tmp_path):
    plan = tmp_path / "2026.yaml"
    plan.write_text(yaml.safe_dump({**PLAN, "preamble": "{{ yaer }}年，全县教育工作稳步推进。"}, allow_unicode=True),
                    encoding="utf-8")
    status, out, err = cli("check", plan)
    lines = [line for line in (out + err).splitlines() if "[PF130]" in line]
    assert status == 2 and lines, out + err
    assert "未定义的名称“yaer”" in lines[0] and not _english_words(lines[0]), lines


def test_template_error_named_as_the_plan_is(cli, tmp_path, monkeypatch):
    """Run from the plans repository, a template's error names it relative to there, as the plan's do
    (``plans/templates/text/note.j2:1:…``), not by its absolute path."""
    plans = tmp_path / "plans"
    (plans / "templates" / "text").mkdir(parents=True)
    (plans / "2026.yaml").write_text(yaml.safe_dump(PLAN, allow_unicode=True), encoding="utf-8")
    (plans / "templates" / "text" / "note.j2").write_text(NOTE.replace("}}）", "}）"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    status, out, err = cli("check", "plans/templates/text/note.j2")
    assert status == 2 and "\nplans/templates/text/note.j2:1:" in "\n" + out, out + err
