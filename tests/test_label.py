"""The office's own word for its departments (责任股室, 责任处室 …) reaches every output and comes back on import."""
import csv
import io
import json
import re

import docx
import pytest
import yaml
from openpyxl import load_workbook

from planforge.departments import department_word

WORDS = ["科室", "股室", "处室", "单位"]
# a county bureau's units, written fresh for these tests
UNITS = ["办公室", "人事股", "基教股", "计财股", "安全办", "教研室"]


def write_office(folder, word: str, lead_remark: bool = True):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "org.yaml").write_text(yaml.safe_dump({
        "issuer": ["某县教育局"],
        "responsibility": {"label": f"责任{word}", "lead_remark": lead_remark},
        "departments": [{"name": n} for n in UNITS],
    }, allow_unicode=True), encoding="utf-8")
    plan = {
        "year": 2026,
        "sections": [
            {"title": "加强党的建设", "tasks": [
                {"id": "study", "title": "抓好理论学习", "body": "全年组织集中学习十二次，推动学习成果转化为工作成效。",
                 "departments": ["办公室", "人事股"], "deadline": "2026-12-31"},
                {"id": "branch", "title": "加强支部建设", "body": "推进支部标准化规范化建设，做好党员发展工作。",
                 "departments": ["人事股"]},
            ]},
            {"title": "提高教育质量", "tasks": [
                {"id": "course", "title": "推进课程改革", "body": "落实义务教育课程方案，开展教学视导两轮。",
                 "departments": ["基教股", "教研室", "计财股"], "deadline": "2026年10月底"},
            ]},
        ],
    }
    (folder / "2026.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder / "2026.yaml"


@pytest.mark.parametrize("label, word", [("责任股室", "股室"), ("责任处室", "处室"), ("责任单位", "单位"),
                                         ("牵头科室", "科室"), ("责任部门", "部门"), ("责任", "科室")])
def test_department_word_from_label(label, word):
    assert department_word(label) == word


@pytest.fixture(params=WORDS)
def office(request, tmp_path):
    return request.param, write_office(tmp_path / "plans", request.param)


def test_plan_documents_speak_the_office_word(cli, office, tmp_path):
    word, plan = office
    out = tmp_path / "build"
    status, _, stderr = cli("render", plan, "-o", out, "--to", "md,docx,html")
    assert status == 0, stderr
    markdown = (out / "2026.md").read_text(encoding="utf-8")
    text = "\n".join(p.text for p in docx.Document(str(out / "2026.docx")).paragraphs)
    html = (out / "2026.html").read_text(encoding="utf-8")
    for output in (markdown, text, html):
        assert f"（责任{word}：办公室、人事股。排名第一的为牵头{word}，下同。）" in output
        assert f"（责任{word}：基教股、教研室、计财股）" in output
        other = {"科室", "股室", "处室", "单位"} - {word}
        assert not any(f"牵头{w}" in output or f"责任{w}" in output for w in other)


def test_breakdown_headers_speak_the_office_word(cli, office, tmp_path):
    word, plan = office
    expected = ["序号", "重点任务", "具体内容", f"牵头{word}", f"配合{word}", "完成时限"]
    for suffix in (".xlsx", ".docx", ".csv"):
        assert cli("tasks", plan, "-o", tmp_path / f"分工{suffix}")[0] == 0
    book = load_workbook(tmp_path / "分工.xlsx")
    assert [c.value for c in book["任务分解表"][2]] == expected
    assert [c.value for c in book["汇总"][2]] == [word, "牵头", "配合", "合计"]
    assert [c.value for c in book["人事股"][2]] == ["序号", "角色", *expected[1:]]
    (table,) = docx.Document(str(tmp_path / "分工.docx")).tables
    assert [c.text for c in table.rows[0].cells] == expected
    rows = list(csv.reader(io.StringIO((tmp_path / "分工.csv").read_text(encoding="utf-8-sig"))))
    assert rows[0] == expected
    status, stdout, _ = cli("tasks", plan, "--by", "department")
    assert status == 0 and re.search(rf"┃\s*{word}\s*┃\s*牵头", stdout)


def test_diff_names_the_office_word(cli, office, tmp_path):
    word, plan = office
    data = yaml.safe_load(plan.read_text(encoding="utf-8"))
    data["sections"][0]["tasks"][0]["departments"] = ["人事股", "办公室"]
    changed = plan.with_name("2026-改.yaml")
    changed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    status, stdout, _ = cli("diff", plan, changed)
    assert status == 0
    assert f"（责任{word}；牵头{word}由 办公室 改为 人事股）" in stdout


@pytest.mark.parametrize("source", ["md", "docx"])
def test_import_carries_the_label_into_org_yaml(cli, office, tmp_path, source):
    """A plan written with 责任股室：… (here: rendered by planforge itself) imports with its label and its units."""
    word, plan = office
    assert cli("render", plan, "-o", tmp_path / "build", "--to", source)[0] == 0
    target = tmp_path / "imported" / "2026.yaml"
    status, _, stderr = cli("import", tmp_path / "build" / f"2026.{source}", "-o", target)
    assert status == 0, stderr
    org = yaml.safe_load((target.parent / "org.yaml").read_text(encoding="utf-8"))
    assert org["responsibility"] == {"label": f"责任{word}", "lead_remark": True}
    assert {d["name"] for d in org["departments"]} == {"办公室", "人事股", "基教股", "教研室", "计财股"}
    imported = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [t["departments"] for s in imported["sections"] for t in s["tasks"]] == [
        ["办公室", "人事股"], ["人事股"], ["基教股", "教研室", "计财股"]]
    assert f"责任{word} 5 个" in stderr
    org_text = (target.parent / "org.yaml").read_text(encoding="utf-8")
    assert f"请补充{word}的" in org_text and not any(f"补充{w}" in org_text for w in set(WORDS) - {word})
    # and the imported plan renders the same notes again
    assert cli("render", target, "-o", tmp_path / "again", "--to", "md")[0] == 0
    assert f"排名第一的为牵头{word}，下同。" in (tmp_path / "again" / "2026.md").read_text(encoding="utf-8")


def test_import_reads_the_label_from_a_task_table(cli, office, tmp_path):
    """The 分工表 as ``tasks`` writes it (牵头股室 | 配合股室 columns) imports as a plan labelled 责任股室."""
    word, plan = office
    assert cli("tasks", plan, "-o", tmp_path / "分工.docx")[0] == 0
    target = tmp_path / "imported" / "2026.yaml"
    status, _, stderr = cli("import", tmp_path / "分工.docx", "-o", target)
    assert status == 0, stderr
    org = yaml.safe_load((target.parent / "org.yaml").read_text(encoding="utf-8"))
    assert org["responsibility"]["label"] == f"责任{word}"


def test_import_recognises_each_written_label(cli, tmp_path):
    """Text as offices write it: 责任股室：/ 责任处室：/ 责任单位：, with the lead remark in their word."""
    for word in WORDS:
        source = tmp_path / f"{word}.txt"
        source.write_text(
            "某县教育局2026年工作要点\n\n一、加强党的建设\n\n"
            f"1.抓好理论学习。全年组织集中学习十二次。（责任{word}：办公室、人事股。排名第一的为牵头{word}，下同。）\n\n"
            f"2.加强支部建设。推进支部标准化建设。（责任{word}：人事股）\n", encoding="utf-8")
        target = tmp_path / word / "2026.yaml"
        status, _, stderr = cli("import", source, "-o", target)
        assert status == 0, stderr
        org = yaml.safe_load((target.parent / "org.yaml").read_text(encoding="utf-8"))
        assert org["responsibility"] == {"label": f"责任{word}", "lead_remark": True}
        plan = yaml.safe_load(target.read_text(encoding="utf-8"))
        assert [t["departments"] for t in plan["sections"][0]["tasks"]] == [["办公室", "人事股"], ["人事股"]]
        assert "排名第一" not in json.dumps(plan, ensure_ascii=False)


def test_check_speaks_the_office_word(cli, office):
    """A note or lead remark typed by hand is found whatever the office calls its departments,
    and every message about departments uses the office's word."""
    word, plan = office
    text = plan.read_text(encoding="utf-8")
    text = text.replace("推进支部标准化规范化建设，做好党员发展工作。",
                        f"推进支部标准化规范化建设。排名第一的为牵头{word}，下同。（责任{word}：人事股）")
    plan.write_text(text, encoding="utf-8")
    status, out, err = cli("check", plan)
    messages = [line for line in (out + err).splitlines() if "[PF3" in line]
    codes = {re.search(r"\[(PF\d+)\]", line).group(1) for line in messages}
    assert {"PF351", "PF352", "PF331"} <= codes, messages  # 安全办 has no task
    about_departments = [m for m in messages if re.search(r"\[PF3(31|51|52)\]", m)]
    other = set(WORDS) - {word}
    assert all(word in m and not any(w in m for w in other) for m in about_departments), about_departments


def test_registry_errors_speak_the_office_word(cli, office):
    """A department missing from the registry (PF110: a unit renamed in org.yaml while the plan
    still names it) and a name held by two units (PF121) are said in the office's word,
    both when the plan is otherwise valid and when another error stops validation."""
    word, plan = office
    org = plan.parent / "org.yaml"
    settings = yaml.safe_load(org.read_text(encoding="utf-8"))
    settings["departments"] = [{"name": "教师发展中心" if n == "教研室" else n} for n in UNITS]
    settings["departments"].append({"name": "督导室", "aliases": ["办公室"]})
    org.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    other = set(WORDS) - {word}
    for text in (plan.read_text(encoding="utf-8"), plan.read_text(encoding="utf-8") + "metircs: 1\n"):
        plan.write_text(text, encoding="utf-8")
        status, out, err = cli("check", plan)
        messages = [line for line in (out + err).splitlines() if re.search(r"\[PF1(10|21)\]", line)]
        assert status == 2 and any("[PF110]" in m for m in messages), out + err
        assert all(word in m and not any(w in m for w in other) for m in messages), messages
