"""`planforge import` on plans as offices and websites really hand them out: every format, encoding,
missing or odd titles, and each concrete failure from issue 9 (fresh text, written for these tests)."""
import shutil
import subprocess

import docx
import pytest
import yaml

from conftest import PLANS, need_tool
from planforge.importing import ImportFailed, import_document
from planforge.importing.patterns import EXAMPLES
from planforge.load import load_plan
from planforge.render import render_plan

PLAN_TEXT = """示例县教育局2024年工作要点
2024年，全县教育工作的总体要求是：坚持立德树人，推动教育高质量发展。
一、加强党的建设
1.抓好理论学习。全年组织集中学习12次。（责任股室：办公室）
2.加强支部建设。开展标准化支部创建。（责任股室：人事股、办公室）
二、推动教育发展
3.提升教学质量。深化课堂教学改革。（责任股室：基教股）
"""


def run(tmp_path, name, content, out="2024.yaml", **kwargs):
    source = tmp_path / name
    if isinstance(content, bytes):
        source.write_bytes(content)
    elif isinstance(content, str):
        source.write_text(content, encoding="utf-8")
    target = tmp_path / "imported" / out
    target.parent.mkdir(exist_ok=True)
    report = import_document(source, target, **kwargs)
    return load_plan(target).plan, report


def task_rows(plan):
    return [(t.title, t.departments) for _, _, t in plan.tasks()]


EXPECTED = [("抓好理论学习", ["办公室"]), ("加强支部建设", ["人事股", "办公室"]), ("提升教学质量", ["基教股"])]


def test_every_pattern_example_matches():
    assert EXAMPLES and [(p.pattern, e) for p, e in EXAMPLES if not p.search(e)] == []


# ------------------------------------------------------------------ text encodings


@pytest.mark.parametrize("encoding, bom, newline", [
    ("utf-8", b"", "\n"), ("utf-8", b"\xef\xbb\xbf", "\r\n"), ("gb18030", b"", "\r\n"),
    ("utf-16-le", b"\xff\xfe", "\r\n"), ("utf-16-le", b"", "\n"), ("utf-16-be", b"", "\r\n")])
def test_text_encodings(tmp_path, encoding, bom, newline):
    plan, _ = run(tmp_path, "plan.txt", bom + PLAN_TEXT.replace("\n", newline).encode(encoding))
    assert task_rows(plan) == EXPECTED and plan.year == 2024
    assert plan.org.responsibility.label == "责任股室"


# ------------------------------------------------------------------ issue 9, one failure each


def test_site_metadata_lines_are_dropped_not_glued_to_the_title(tmp_path):
    debris = "VIP专免\n29.51KB\n24 页\n浏览次数：318\n侵权投诉\n"
    plan, report = run(tmp_path, "web.txt", debris + PLAN_TEXT + "上一篇：关于做好招生工作的通知\n")
    assert plan.full_title == "示例县教育局2024年工作要点"
    assert plan.preamble.text == ["2024年，全县教育工作的总体要求是：坚持立德树人，推动教育高质量发展。"]
    dropped = [w for w in report.warnings if w.code in ("PF401", "PF402")]
    assert len(dropped) == 6 and all("行" in w.message for w in dropped)


def test_publication_date_is_not_a_page_number(tmp_path):
    text = PLAN_TEXT.replace("示例县教育局2024年工作要点\n", "示例县教育局2024年工作要点\n发布时间:2024-03-28 来源：示例县教育局\n")
    text = text.replace("开展标准化支部创建。", "开展标准化支部创建，落实党员\n- 2 -\n教育管理制度。")
    plan, report = run(tmp_path, "web.txt", text)
    pages = [w.message for w in report.warnings if w.code == "PF402"]
    assert pages == ["删去了页码“- 2 -”（第 7 行）"]
    assert plan.sections[0].tasks[1].body == ["开展标准化支部创建，落实党员教育管理制度。"]
    assert "2024-03-28" not in (tmp_path / "imported" / "2024.yaml").read_text(encoding="utf-8")


NOTICE = """示例县教育局关于印发2024年工作要点的通知
各中小学校，局机关各股室：
现将2024年工作要点印发给你们，请结合实际认真贯彻执行。
示例县教育局
2024327
（此件主动公开）
"""


def test_notice_title_without_quotes_bare_digit_date_and_public_note(tmp_path):
    plan, _ = run(tmp_path, "notice.txt", NOTICE + PLAN_TEXT)
    notice = plan.notice
    assert notice.title == "示例县教育局关于印发2024年工作要点的通知"
    assert notice.recipients == "各中小学校，局机关各股室"
    assert notice.body == ["现将2024年工作要点印发给你们，请结合实际认真贯彻执行。"]
    assert str(notice.date) == "2024-03-27" and notice.note == "此件主动公开"
    assert task_rows(plan) == EXPECTED


def test_notice_title_glued_to_recipients_in_web_copy(tmp_path):
    text = NOTICE.replace("通知\n各中小学校", "通知各中小学校").replace("2024327", "二〇二四年三月二十七日")
    plan, _ = run(tmp_path, "notice.txt", text + PLAN_TEXT)
    assert plan.notice.title == "示例县教育局关于印发2024年工作要点的通知"
    assert plan.notice.recipients == "各中小学校，局机关各股室" and str(plan.notice.date) == "2024-03-27"


def docx_file(path, paragraphs, tables=()):
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    for rows in tables:
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                table.cell(r, c).text = text
    document.save(str(path))
    return document


def test_word_imprint_as_a_table_and_date_not_glued_to_title(tmp_path):
    paragraphs = ["关于印发《示例县教育局2024年工作要点》的通知", "各中小学校：",
                  "现将《示例县教育局2024年工作要点》印发给你们，请认真贯彻执行。", "示例县教育局", "2024年3月2日",
                  *PLAN_TEXT.splitlines()]
    imprint = [["抄送：县委办公室，县政府办公室。", ""], ["示例县教育局办公室", "2024年3月5日印发"]]
    docx_file(tmp_path / "notice.docx", paragraphs, [imprint])
    plan, _ = run(tmp_path, "notice.docx", None)
    assert plan.full_title == "示例县教育局2024年工作要点" and str(plan.notice.date) == "2024-03-02"
    assert plan.notice.cc == ["县委办公室", "县政府办公室"]
    assert plan.notice.printed_by == "示例县教育局办公室" and str(plan.notice.printed_date) == "2024-03-05"
    assert task_rows(plan) == EXPECTED


def test_word_goals_as_automatic_list_under_goals_line(tmp_path):
    from docx.oxml import parse_xml
    from test_import import NUM, NUMBERING, numbered

    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(NUMBERING))
    numbering.append(parse_xml(NUM))
    lines = PLAN_TEXT.splitlines()
    for text in lines[:2]:
        document.add_paragraph(text)
    document.add_paragraph("总体目标：")
    for goal in ("学前教育普及普惠。毛入园率达到92%。", "义务教育优质均衡。巩固率保持100%。"):
        numbered(document.add_paragraph(goal), 1)  # "1." "2." from Word's numbering, not typed
    for text in lines[2:]:
        document.add_paragraph(text)
    document.save(str(tmp_path / "goals.docx"))
    plan, _ = run(tmp_path, "goals.docx", None)
    assert [g.name for g in plan.goals.items] == ["学前教育普及普惠", "义务教育优质均衡"]
    assert plan.goals.intro == "总体目标：" and task_rows(plan) == EXPECTED


@pytest.mark.parametrize("fmt, suffix", [("md", ".md"), ("docx", ".docx")])
def test_rendered_plan_with_label_gu_shi_keeps_its_departments(tmp_path, fmt, suffix):
    org = yaml.safe_load((PLANS / "org.yaml").read_text(encoding="utf-8"))
    org["responsibility"]["label"] = "责任股室"
    (tmp_path / "org.yaml").write_text(yaml.safe_dump(org, allow_unicode=True), encoding="utf-8")
    shutil.copy(PLANS / "2024.yaml", tmp_path / "2024.yaml")
    render_plan(tmp_path / "2024.yaml", tmp_path / "build", [fmt])
    assert "责任股室" in (tmp_path / "build" / "2024.md").read_text(encoding="utf-8") if fmt == "md" else True
    plan, _ = run(tmp_path, f"build/2024{suffix}", None, out="x2024.yaml")
    original = load_plan(tmp_path / "2024.yaml").plan
    assert [t.departments for _, _, t in plan.tasks()] == [t.departments for _, _, t in original.tasks()]
    assert plan.org.responsibility.label == "责任股室"


# ------------------------------------------------------------------ titles


def test_no_title_line_year_from_text(tmp_path):
    text = "2019年是全面深化教育改革的关键一年。全县教育工作要坚持立德树人。\n" + PLAN_TEXT.split("\n", 2)[2]
    plan, report = run(tmp_path, "page.txt", text, out="plan.yaml")
    assert plan.year == 2019 and plan.kind == "工作要点" and task_rows(plan) == EXPECTED
    assert {"PF408", "PF409"} <= {w.code for w in report.warnings}


def test_title_options(tmp_path):
    text = PLAN_TEXT.split("\n", 1)[1]
    plan, _ = run(tmp_path, "page.txt", text, out="plan.yaml", title="示例县教育局2024年重点工作", year=2024)
    assert plan.full_title == "示例县教育局2024年重点工作" and plan.kind == "重点工作"
    plan, _ = run(tmp_path, "page.txt", None, out="plan2.yaml", kind="工作计划")
    assert plan.kind == "工作计划" and plan.year == 2024


def test_traditional_characters_and_office_kinds(tmp_path):
    text = PLAN_TEXT.replace("示例县教育局2024年工作要点", "示例縣教育體育局2024年工作計劃").replace("加強", "加强")
    plan, report = run(tmp_path, "trad.txt", text.replace("加强党的建设", "加強黨的建設"))
    assert plan.full_title == "示例县教育体育局2024年工作计划" and plan.sections[0].title == "加强党的建设"
    assert "PF410" in {w.code for w in report.warnings} and "繁体字转为简体" in report.summary
    text = PLAN_TEXT.replace("示例县教育局2024年工作要点", "示例县教体局重点工作安排意见")
    plan, report = run(tmp_path, "kind.txt", text, out="k.yaml")
    assert plan.kind == "重点工作安排意见" and plan.year == 2024 and "PF408" in {w.code for w in report.warnings}


def test_not_a_plan_is_refused(tmp_path):
    with pytest.raises(ImportFailed) as failed:
        run(tmp_path, "junk.txt", "没有标题的一段话。\n另一段话。\n")
    assert "没有找到计划的内容" in str(failed.value)


# ------------------------------------------------------------------ web pages, PDF, .doc


HTML = """<!DOCTYPE html><html><head><meta charset="gb2312"><title>示例县教育局2024年工作要点_示例县人民政府网</title></head>
<body><div class="nav"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/xxgk">信息公开</a></div>
<div class="sidebar"><ul><li><a>关于做好招生工作的通知</a></li><li><a>教育局召开工作会议</a></li></ul></div>
<div class="article"><h1>示例县教育局2024年工作要点</h1><div class="info">发布时间：2024-03-28 浏览次数：256</div>
{body}</div><div class="footer">版权所有：示例县人民政府 网站地图 联系我们</div></body></html>"""


def test_html_page_with_navigation(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PLAN_TEXT.splitlines()[1:])
    plan, report = run(tmp_path, "page.html", HTML.format(body=body).encode("gb18030"))
    assert plan.full_title == "示例县教育局2024年工作要点" and task_rows(plan) == EXPECTED
    text = (tmp_path / "imported" / "2024.yaml").read_text(encoding="utf-8")
    assert "首页" not in text and "浏览" not in text and "招生" not in text


def test_html_page_without_title_line_uses_page_title(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in PLAN_TEXT.splitlines()[1:])
    plan, report = run(tmp_path, "page.htm", HTML.replace("<h1>示例县教育局2024年工作要点</h1>", "").format(body=body).encode("gb18030"))
    assert plan.full_title == "示例县教育局2024年工作要点" and "PF409" in {w.code for w in report.warnings}


def test_pdf_of_a_rendered_plan(tmp_path):
    need_tool("soffice")
    render_plan(PLANS / "2024.yaml", tmp_path / "build", ["pdf"])
    plan, report = run(tmp_path, "build/2024.pdf", None)
    original = load_plan(PLANS / "2024.yaml").plan
    assert [s.title for s in plan.sections] == [s.title for s in original.sections]
    assert task_rows(plan) == task_rows(original)
    assert ["".join(t.body) for _, _, t in plan.tasks()] == ["".join(t.body) for _, _, t in original.tasks()]
    assert "PF402" not in {w.code for w in report.warnings}, "page numbers are dropped by position, silently"


@pytest.mark.parametrize("suffix", [".doc", ".wps"])
def test_doc_and_wps_through_libreoffice(tmp_path, suffix):
    soffice = need_tool("soffice")
    docx_file(tmp_path / "plan.docx", PLAN_TEXT.splitlines())
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
                    "doc", "--outdir", str(tmp_path), str(tmp_path / "plan.docx")], check=True, capture_output=True, timeout=180)
    (tmp_path / "plan.doc").rename(tmp_path / f"old{suffix}")
    plan, report = run(tmp_path, f"old{suffix}", None)
    assert task_rows(plan) == EXPECTED and "LibreOffice" in report.summary


def test_damaged_pdf_is_a_clear_error(tmp_path, cli):
    (tmp_path / "bad.pdf").write_bytes(b"%PDF-1.4 not really")
    status, _, stderr = cli("import", tmp_path / "bad.pdf", "-o", tmp_path / "x.yaml")
    assert status == 2 and "无法作为 PDF 读取" in stderr and "内部错误" not in stderr


def test_doc_without_libreoffice_says_how_to_install(tmp_path, monkeypatch, cli):
    monkeypatch.setattr("planforge.importing.readers.office.soffice", lambda: None)
    (tmp_path / "old.wps").write_bytes(b"\xd0\xcf\x11\xe0")
    status, _, stderr = cli("import", tmp_path / "old.wps", "-o", tmp_path / "x.yaml")
    assert status == 2 and "apt-get install libreoffice-writer-nogui" in stderr and "另存为 .docx" in stderr
    assert not (tmp_path / "x.yaml").exists()


def test_explain_prints_every_line_with_its_label(tmp_path, cli):
    (tmp_path / "notice.txt").write_text("VIP专免\n" + NOTICE + PLAN_TEXT, encoding="utf-8")
    status, stdout, _ = cli("import", "--explain", tmp_path / "notice.txt")
    assert status == 0
    rows = [line for line in stdout.splitlines() if " 行  " in line]
    labels = [line.split()[2] for line in rows]
    assert labels == ["网页杂项", "通知标题", "主送机关", "通知正文", "署名", "成文日期", "附注", "标题", "总体要求",
                      "部分", "任务", "任务", "部分", "任务"]
    assert "“2024327”" not in stdout and "整行是日期" in stdout
    assert not list(tmp_path.glob("*.yaml"))


# ------------------------------------------------------------------ plan shapes the examples do not have

TWO_LEVEL = """示例县教育局二〇二四年工作要点
（2024年2月20日）
一、加强党的建设
（一）抓好理论学习。全年组织集中学习12次，推进学习型机关建设。（责任股室：办公室）
（二）加强支部建设。开展标准化支部创建，落实组织生活制度。（牵头股室：人事股，配合股室：办公室）
二、推动教育发展
（一）提升教学质量。深化课堂教学改革，开展教学视导。（责任股室：基教股）
示例县教育局
2024年2月20日
"""


def test_two_level_plan_with_chinese_year_and_dated_title(tmp_path):
    plan, report = run(tmp_path, "plan.txt", TWO_LEVEL)
    assert plan.year == 2024 and plan.full_title == "示例县教育局二〇二四年工作要点"
    assert task_rows(plan) == EXPECTED and plan.numbering == "per-section"
    messages = [w.message for w in report.warnings]
    assert any("标题下的日期“（2024年2月20日）”" in m for m in messages)
    assert any("文末落款“示例县教育局”" in m for m in messages) and any("文末落款“2024年2月20日”" in m for m in messages)


def test_tasks_without_parts_go_into_one_part_with_a_warning(tmp_path):
    text = "\n".join(line for line in PLAN_TEXT.splitlines() if not line.startswith(("一、", "二、")))
    plan, report = run(tmp_path, "plan.txt", text)
    assert [s.title for s in plan.sections] == ["主要任务"] and task_rows(plan) == EXPECTED
    assert "PF412" in {w.code for w in report.warnings}


def test_ambiguous_digit_seal_date_is_reported_not_guessed(tmp_path):
    plan, report = run(tmp_path, "notice.txt", NOTICE.replace("2024327", "2024113") + PLAN_TEXT)
    assert plan.notice.date is None and plan.notice.note == "此件主动公开"
    assert any(w.code == "PF413" and "2024113" in w.message for w in report.warnings)


def test_html_laid_out_with_a_table_and_line_breaks(tmp_path):
    lines = (NOTICE.replace("2024327", "2024年3月27日") + PLAN_TEXT).splitlines()
    page = ('<html><head><meta charset="gbk"><title>示例</title></head><body><div>首页 | 通知公告</div><table><tr>'
            f'<td id="content">{"<br>".join(lines)}</td></tr></table><div>版权所有 示例县教育局</div></body></html>')
    plan, _ = run(tmp_path, "notice.htm", page.encode("gbk"))
    assert task_rows(plan) == EXPECTED and plan.notice.recipients == "各中小学校，局机关各股室"
    assert str(plan.notice.date) == "2024-03-27" and plan.full_title == "示例县教育局2024年工作要点"


def test_a_line_that_fits_nowhere_is_reported(tmp_path):
    text = PLAN_TEXT.replace("二、推动教育发展\n", "2024年3月1日\n二、推动教育发展\n")  # a date, but the plan goes on
    plan, report = run(tmp_path, "plan.txt", text)
    assert task_rows(plan) == EXPECTED and plan.sections[0].tasks[1].body[-1] == "2024年3月1日"
    assert [w.message for w in report.warnings if w.code == "PF414"] == ["“2024年3月1日”拿不准是什么，按“任务续段”导入，请核对（第 6 行）"]


def test_section_numbers_with_a_dot(tmp_path):
    plan, _ = run(tmp_path, "plan.txt", PLAN_TEXT.replace("一、", "一．").replace("二、", "二. "))
    assert [s.title for s in plan.sections] == ["加强党的建设", "推动教育发展"] and task_rows(plan) == EXPECTED


def test_word_task_table(tmp_path):
    """Plans laid out as a table: 序号 | 工作任务 | 牵头科室 | 配合科室 | 完成时限, parts as rows across the table."""
    document = docx.Document()
    document.add_paragraph("示例县教育局2024年重点工作安排")
    document.add_paragraph("2024年，全县教育工作的总体要求是：坚持立德树人，推动教育高质量发展。")
    rows = [("序号", "工作任务", "牵头股室", "配合股室", "完成时限"),
            ("一、加强党的建设",) * 5,
            ("1", "抓好理论学习。全年组织集中学习12次。", "办公室", "", "2024年12月"),
            ("2", "加强支部建设。开展标准化支部创建。", "人事股", "办公室", "2024年6月"),
            ("二、推动教育发展",) * 5,
            ("3", "提升教学质量。深化课堂教学改革。", "基教股", "", "")]
    table = document.add_table(rows=len(rows), cols=5)
    for row, cells in zip(table.rows, rows):
        if len(set(cells)) == 1:
            row.cells[0].merge(row.cells[4]).text = cells[0]
        else:
            for cell, text in zip(row.cells, cells):
                cell.text = text
    document.save(str(tmp_path / "table.docx"))
    plan, report = run(tmp_path, "table.docx", None)
    assert plan.kind == "重点工作安排" and [s.title for s in plan.sections] == ["加强党的建设", "推动教育发展"]
    assert task_rows(plan) == EXPECTED
    assert [t.deadline for _, _, t in plan.tasks()] == ["2024年12月", "2024年6月", None]
    assert plan.sections[0].tasks[0].body == ["全年组织集中学习12次。"]
    assert not [w for w in report.warnings if w.code in ("PF406", "PF414")]
