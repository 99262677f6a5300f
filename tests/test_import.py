"""`planforge import`: the corpus, our own documents round-tripped, Word list numbering."""
import shutil

import docx
import pytest
import yaml
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CORPUS, PLANS
from planforge.compose import goal_text, metric_target
from planforge.importing import ImportFailed, import_document
from planforge.load import load_plan
from planforge.render import render_plan

needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside this checkout")


def imported(source, tmp_path, name="2024.yaml", **kwargs):
    out = tmp_path / "imported" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    report = import_document(source, out, **kwargs)
    return load_plan(out), report


# ------------------------------------------------------------------ corpus


@needs_corpus
def test_changde_joint_notice_and_35_tasks(tmp_path):
    loaded, report = imported(CORPUS / "changde-2024-notice-and-points.txt", tmp_path)
    plan = loaded.plan
    assert plan.issuers == ["中共常德市委教育工作委员会", "常德市教育局"]
    assert plan.full_title == "中共常德市委教育工作委员会 常德市教育局2024年工作要点"
    assert [s.title for s in plan.sections][:2] == ["坚持党建引领，牢牢把握正确方向", "坚持“五育并举”，促进学生全面发展"]
    assert len(plan.sections) == 6 and plan.numbering == "continuous"
    tasks = [t for _, _, t in plan.tasks()]
    assert len(tasks) == 35 and all(t.departments for t in tasks)
    assert tasks[0].title == "坚持和加强党对教育工作的全面领导"
    assert tasks[0].departments == ["党建指导科", "人事科〈机关党委〉", "办公室〈秘书科〉"]
    assert tasks[33].departments == ["离退人员服务管理科〈工会〉", "关工委"]
    assert tasks[0].body[0].startswith("充分发挥市县党委教育工委职能作用")
    assert plan.org.responsibility.lead_remark is True
    assert plan.preamble.text[0].startswith("2024年，全市教育工作的总体要求是：")
    notice = plan.notice
    assert notice.recipients.startswith("各县市区（管理区）教育局") and str(notice.date) == "2024-02-20"
    assert notice.body[0].startswith("现将《中共常德市委教育工作委员会 常德市教育局2024年工作要点》印发给你们")
    text = (tmp_path / "imported" / "2024.yaml").read_text(encoding="utf-8")
    assert "(" not in text and "," not in text.replace(", ", "")  # half-width marks normalised (flow lists aside)
    assert report.org_created and "人事科" in (tmp_path / "imported" / "org.yaml").read_text(encoding="utf-8")


@needs_corpus
def test_bincheng_debris_page_numbers_quotes(tmp_path):
    loaded, report = imported(CORPUS / "bincheng-2009-plan.txt", tmp_path, "2009.yaml")
    plan = loaded.plan
    assert plan.year == 2009 and plan.kind == "工作计划"
    assert plan.preamble.label == "工作思路" and plan.preamble.text[0].startswith("以邓小平理论、“三个代表”重要思想")
    assert [s.title for s in plan.sections] == ["抓好十项重点工作，全力推进素质教育"]
    tasks = plan.sections[0].tasks
    assert len(tasks) == 10 and tasks[0].title.startswith("深入开展“提质创优”活动")
    assert "继续实施农村仪器设备更新工程" in tasks[0].body[0], "page number removed and the sentence re-joined"
    assert plan.closing[0].startswith("我们一定要坚持教育优先发展")
    text = (tmp_path / "imported" / "2009.yaml").read_text(encoding="utf-8")
    for debris in ("刀豆", "小编", "-1-", "……", "‚", "‛", "残联"):
        assert debris not in text, debris
    codes = [w.code for w in report.warnings]
    assert codes.count("PF401") >= 4 and "PF402" in codes


@needs_corpus
def test_city_template_run_on_text_per_section(tmp_path):
    loaded, report = imported(CORPUS / "city-template-points.txt", tmp_path)
    plan = loaded.plan
    assert plan.full_title == "市教育局工作要点范例"
    assert [len(s.tasks) for s in plan.sections] == [4, 4, 6, 7, 3]
    assert plan.numbering == "per-section"
    assert plan.sections[0].tasks[0].title == "加强党的政治建设"
    assert plan.sections[0].title == "加强党的建设，全面推进从严治党"
    assert {"PF405", "PF408"} <= {w.code for w in report.warnings}
    assert plan.preamble.text[0].startswith("xxxx年教育工作的总体要求是")


# ------------------------------------------------------------------ round trip


def summary(plan):
    """What must survive render → import."""
    return {
        "sections": [s.title for s in plan.sections],
        "tasks": [(t.title, "".join(t.body), t.departments) for _, _, t in plan.tasks()],
        "numbering": plan.numbering,
        "goals": [(g.name, goal_text(g)) for g in plan.goals.items] if plan.goals else [],
        "metrics": sorted(metric_target(m) + m.name for g in (plan.goals.items if plan.goals else []) for m in g.metrics),
        "closing": plan.closing,
        "title": plan.full_title,
    }


@pytest.mark.parametrize("fmt, suffix", [("md", ".md"), ("docx", ".docx"), ("notice", "-notice.docx")])
@pytest.mark.parametrize("year", ["2024", "2025"])
def test_example_round_trip(tmp_path, fmt, suffix, year):
    render_plan(PLANS / f"{year}.yaml", tmp_path / "build", [fmt])
    loaded, _ = imported(tmp_path / "build" / f"{year}{suffix}", tmp_path, f"{year}.yaml")
    original = load_plan(PLANS / f"{year}.yaml").plan
    assert summary(loaded.plan) == summary(original)
    if fmt == "notice":
        notice, source = loaded.plan.notice, original.notice
        assert (notice.doc_number, notice.date, notice.note, notice.cc, notice.printed_by) == (
            source.doc_number, source.date, source.note, original.org.cc, original.org.printed_by)
        assert notice.recipients == original.org.recipients


WORDS = list("教育工作推进加强落实发展建设质量学校教师学生管理服务体系改革创新机制全面深化提升完善规范保障")
TEXT = st.text(alphabet=st.sampled_from(WORDS), min_size=2, max_size=12)


@st.composite
def random_plan(draw):
    departments = ["办公室", "基教科", "财建科", "人事科"]
    sections = []
    for _ in range(draw(st.integers(1, 4))):
        tasks = []
        for _ in range(draw(st.integers(1, 4))):
            task = {"title": draw(TEXT), "body": "，".join(draw(st.lists(TEXT, min_size=1, max_size=3))) + "。"}
            if draw(st.booleans()):
                task["departments"] = draw(st.lists(st.sampled_from(departments), min_size=1, max_size=3, unique=True))
            tasks.append(task)
        sections.append({"title": draw(TEXT) + "，" + draw(TEXT), "tasks": tasks})
    plan = {"year": 2024, "issuer": "示例县教育局", "numbering": draw(st.sampled_from(["continuous", "per-section"])),
            "preamble": draw(TEXT) + "。", "sections": sections}
    if draw(st.booleans()):
        plan["closing"] = "各地各单位要" + draw(TEXT) + "。"
    return plan, departments


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(random_plan(), st.sampled_from(["md", "docx"]))
def test_random_plans_round_trip(tmp_path_factory, generated, fmt):
    plan, departments = generated
    folder = tmp_path_factory.mktemp("rt")
    (folder / "org.yaml").write_text(yaml.safe_dump({"departments": [{"name": d} for d in departments]}, allow_unicode=True), encoding="utf-8")
    (folder / "2024.yaml").write_text(yaml.safe_dump(plan, allow_unicode=True, sort_keys=False), encoding="utf-8")
    render_plan(folder / "2024.yaml", folder / "build", [fmt])
    out = folder / "imported" / "2024.yaml"
    out.parent.mkdir()
    import_document(folder / "build" / f"2024.{fmt}", out)
    got, want = summary(load_plan(out).plan), summary(load_plan(folder / "2024.yaml").plan)
    if len(plan["sections"]) == 1:  # one section: continuous and per-section number alike
        got.pop("numbering"), want.pop("numbering")
    assert got == want


# ------------------------------------------------------------------ Word as offices make it


NUMBERING = """<w:abstractNum xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
</w:abstractNum>"""
NUM = """<w:num xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" w:numId="91"><w:abstractNumId w:val="90"/></w:num>"""


def numbered(paragraph, level):
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:ilvl w:val="{level}"/><w:numId w:val="91"/></w:numPr>'))


def test_word_list_numbering_and_office_habits(tmp_path):
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    document.add_paragraph("示例县教育局2023年工作要点")
    document.add_paragraph("\u3000\u30002023年，全县教育工作的总体要求是：坚持立德树人，推动高质量发展。")
    for section, tasks in (("加强党的建设", ["抓好理论学习。全年组织集中学习12次。（责任科室：办公室）",
                                             "加强支部建设。开展标准化建设。（责任科室：人事科、办公室）"]),
                           ("推动教育发展", ["提升教学质量。推进课堂改革。（责任单位：基教科）"])):
        numbered(document.add_paragraph(section), 0)
        for task in tasks:
            numbered(document.add_paragraph(task), 1)
    document.add_heading("强化条件保障", level=1)  # a heading style, no typed number
    document.add_paragraph("1．加强经费管理。落实预算绩效管理，\n规范财务行为。（责任科室：财建科）")
    source = tmp_path / "2023年工作要点.docx"
    document.save(str(source))
    loaded, _ = imported(source, tmp_path, "2023.yaml")
    plan = loaded.plan
    assert [s.title for s in plan.sections] == ["加强党的建设", "推动教育发展", "强化条件保障"]
    assert [[t.title for t in s.tasks] for s in plan.sections] == [["抓好理论学习", "加强支部建设"], ["提升教学质量"], ["加强经费管理"]]
    assert plan.numbering == "per-section"
    assert plan.sections[0].tasks[1].departments == ["人事科", "办公室"]
    assert plan.sections[2].tasks[0].body == ["落实预算绩效管理，规范财务行为。"]
    assert plan.preamble.text == ["2023年，全县教育工作的总体要求是：坚持立德树人，推动高质量发展。"]


# ------------------------------------------------------------------ the command


def test_existing_org_gains_only_missing_departments(cli, tmp_path):
    folder = tmp_path / "plans"
    shutil.copytree(PLANS, folder)
    org_before = (folder / "org.yaml").read_text(encoding="utf-8")
    render_plan(PLANS / "2024.yaml", tmp_path / "build", ["md"])
    md = (tmp_path / "build" / "2024.md").read_text(encoding="utf-8").replace("党建指导科", "宣传科", 1)
    (tmp_path / "build" / "2024.md").write_text(md, encoding="utf-8")
    status, _, stderr = cli("import", tmp_path / "build" / "2024.md", "-o", folder / "2023.yaml", "--year", "2023")
    assert status == 0, stderr
    org_after = (folder / "org.yaml").read_text(encoding="utf-8")
    assert org_after.startswith(org_before.rstrip("\n")) and org_after.rstrip().endswith("- name: 宣传科")
    assert "宣传科" in stderr and load_plan(folder / "2023.yaml").plan.year == 2023


def test_refuses_to_overwrite_and_unreadable_files(cli, tmp_path):
    (tmp_path / "2024.yaml").write_text("# mine\n", encoding="utf-8")
    render_plan(PLANS / "2024.yaml", tmp_path / "build", ["md"])
    status, _, stderr = cli("import", tmp_path / "build" / "2024.md", "-o", tmp_path / "2024.yaml")
    assert status == 2 and "PF202" in stderr and (tmp_path / "2024.yaml").read_text(encoding="utf-8") == "# mine\n"
    (tmp_path / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    status, _, stderr = cli("import", tmp_path / "old.xls", "-o", tmp_path / "x.yaml")
    assert status == 2 and "不认识的文件类型" in stderr and not (tmp_path / "x.yaml").exists()
    (tmp_path / "junk.txt").write_text("没有标题的一段话。\n", encoding="utf-8")
    with pytest.raises(ImportFailed):
        import_document(tmp_path / "junk.txt", tmp_path / "y.yaml")


LABELLED = """year: 2024
issuer: 示例县教育局
kind: 工作计划
preamble:
  label: 指导思想
  text: 以新时代中国特色社会主义思想为指导，全面贯彻党的教育方针。
goals:
  label: 工作目标
  items:
    - name: 质量提升
      text: 教育质量稳步提高。
sections:
  - title: 主要工作
    tasks:
      - title: 抓好理论学习
        body: 全年组织集中学习12次。
closing: 各学校要结合实际抓好落实。
notice:
  doc_number: 示教发〔2024〕5号
  date: 2024年3月1日
  attachment: true
  cc: [县委办公室]
"""


@pytest.mark.parametrize("fmt, suffix", [("md", ".md"), ("notice", "-notice.docx")])
def test_labelled_preamble_goals_and_attachment_round_trip(tmp_path, fmt, suffix):
    (tmp_path / "2024.yaml").write_text(LABELLED, encoding="utf-8")
    render_plan(tmp_path / "2024.yaml", tmp_path / "build", [fmt])
    loaded, _ = imported(tmp_path / "build" / f"2024{suffix}", tmp_path)
    plan, original = loaded.plan, load_plan(tmp_path / "2024.yaml").plan
    assert summary(plan) == summary(original)
    assert (plan.preamble.label, plan.goals.label) == ("指导思想", "工作目标")
    if fmt == "notice":
        assert plan.notice.attachment and plan.notice.doc_number == "示教发〔2024〕5号"


def test_notice_without_recipients_is_warned(tmp_path):
    (tmp_path / "2024.yaml").write_text(LABELLED, encoding="utf-8")
    assert "PF143" in {w.code for w in load_plan(tmp_path / "2024.yaml").warnings}


OFFICE_VARIANTS = """某县教育局2023年度工作计划
　　2023年全县教育工作的总体思路是：坚持立德树人，办好人民满意的教育。
一、加强党的建设
（一）抓好政治建设
1.强化理论武装。全年开展集中学习12次。责任单位：办公室、人事股。
2.严格组织生活。落实“三会一课”制度。（牵头单位：人事股；配合单位：办公室；完成时限：2023年12月）
（二）抓好作风建设
3.整治形式主义。精简会议文件。（责任单位：办公室）（完成时限：2023年6月底）
二、推动教育发展
①提升教学质量。推进课堂改革。（责任单位：教研室）
②办好学前教育。新建公办幼儿园2所。（责任单位：计财股、基教股）
各学校要对照本计划抓好落实。
"""


def test_office_variants(tmp_path):
    source = tmp_path / "2023年工作计划.txt"
    source.write_text(OFFICE_VARIANTS, encoding="utf-8")
    loaded, report = imported(source, tmp_path, "2023.yaml")
    plan = loaded.plan
    # a three-level outline (一、 / （一） / 1.) is flattened: each （一） with tasks becomes a section
    assert [s.title for s in plan.sections] == ["加强党的建设", "抓好政治建设", "抓好作风建设", "推动教育发展"]
    assert [w.code for w in report.warnings].count("PF407") == 2
    tasks = [t for _, _, t in plan.tasks()]
    assert [t.title for t in tasks] == ["强化理论武装", "严格组织生活", "整治形式主义", "提升教学质量", "办好学前教育"]
    assert tasks[0].departments == ["办公室", "人事股"] and tasks[0].body == ["全年开展集中学习12次。"]
    assert tasks[1].departments == ["人事股", "办公室"] and tasks[1].deadline == "2023年12月"
    assert tasks[2].deadline == "2023年6月底" and tasks[2].body == ["精简会议文件。"]
    assert tasks[4].departments == ["计财股", "基教股"]
    assert plan.closing == ["各学校要对照本计划抓好落实。"]
    assert plan.title == "某县教育局2023年度工作计划" and plan.org.responsibility.label == "责任单位"
