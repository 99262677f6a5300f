"""The DOCX documents: open what we wrote and check the XML facts GB/T 9704 needs."""
import re

import docx
import pytest

from conftest import PLANS
from docx_xml import NS, Package, attr, order_violations, pstyle, text, w
from planforge.compose import compose_notice, compose_plan
from planforge.load import load_plan
from planforge.templating import Templates
from planforge.writers.docx import write_docx


def render(loaded, notice=False):
    templates = Templates()
    compose = compose_notice if notice else compose_plan
    return Package(write_docx(compose(loaded.plan, templates), loaded.plan.org, templates))


@pytest.fixture(scope="module")
def plan_doc():
    return render(load_plan(PLANS / "2024.yaml"))


@pytest.fixture(scope="module")
def notice_doc():
    return render(load_plan(PLANS / "2024.yaml"), notice=True)


@pytest.fixture(params=["plan", "notice"])
def any_doc(request, plan_doc, notice_doc):
    return plan_doc if request.param == "plan" else notice_doc


def test_opens_in_python_docx(any_doc, tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(any_doc.data)
    document = docx.Document(str(path))
    assert document.paragraphs and document.sections[0].page_width is not None


def test_children_in_schema_order(any_doc):
    for name, root in any_doc.parts.items():
        assert order_violations(root) == [], name


def test_page_a4_margins_and_grid(any_doc):
    (sect,) = any_doc.document.xpath("//w:body/w:sectPr", namespaces=NS)
    size = sect.find(w("pgSz"))
    assert (attr(size, "w"), attr(size, "h")) == ("11906", "16838")  # 210 × 297 mm
    margins = sect.find(w("pgMar"))
    twips_per_mm = 1440 / 25.4
    for side, mm in (("top", 37), ("left", 28), ("bottom", 35), ("right", 26)):
        assert abs(int(attr(margins, side)) / twips_per_mm - mm) < 0.05, side
    # type area 156 × 225 mm holds 22 lines of 28.95 pt
    assert abs((11906 - int(attr(margins, "left")) - int(attr(margins, "right"))) / twips_per_mm - 156) < 0.1
    grid = sect.find(w("docGrid"))
    assert (attr(grid, "type"), attr(grid, "linePitch")) == ("lines", "579")
    normal = any_doc.style("Normal")
    spacing = normal.find(f"{w('pPr')}/{w('spacing')}")
    assert (attr(spacing, "line"), attr(spacing, "lineRule")) == ("579", "exact")
    squeeze = normal.find(f"{w('rPr')}/{w('spacing')}")
    assert attr(squeeze, "val") == "-5"  # 28 × (16 − 0.25) pt ≤ 156 mm


def test_fonts_named_in_every_slot_and_no_theme_fonts(any_doc):
    for root in (any_doc.styles, any_doc.document):
        xml = root.getroottree().getroot()
        assert not [a for el in xml.iter() for a in el.attrib if "Theme" in a], "theme font attributes override names"
    for style in any_doc.styles.iter(w("style")):
        fonts = style.find(f"{w('rPr')}/{w('rFonts')}")
        if style.get(w("styleId")) in ("DefaultParagraphFont", "TableNormal"):
            continue
        assert fonts is not None, style.get(w("styleId"))
        assert all(attr(fonts, slot) for slot in ("ascii", "hAnsi", "eastAsia", "cs")), style.get(w("styleId"))
    lang = any_doc.styles.find(f".//{w('rPrDefault')}//{w('lang')}")
    assert attr(lang, "eastAsia") == "zh-CN"


@pytest.mark.parametrize("style_id, east_asia, half_points", [
    ("PFBody", "仿宋_GB2312", "32"), ("PFHeading1", "黑体", "32"), ("PFTitle", "方正小标宋简体", "44"),
    ("PFRunIn2", "楷体_GB2312", None), ("PFPageNumber", "宋体", "28"), ("PFImprint", "仿宋_GB2312", "28"),
])
def test_style_fonts_and_sizes(plan_doc, style_id, east_asia, half_points):
    style = plan_doc.style(style_id)
    assert attr(style.find(f"{w('rPr')}/{w('rFonts')}"), "eastAsia") == east_asia
    if half_points:
        assert attr(style.find(f"{w('rPr')}/{w('sz')}"), "val") == half_points


def test_run_in_task_title_is_bold_fangsong(plan_doc):
    style = plan_doc.style("PFRunIn")
    assert style.find(f"{w('rPr')}/{w('b')}") is not None
    assert attr(style.find(f"{w('rPr')}/{w('rFonts')}"), "eastAsia") == "仿宋_GB2312"


def test_font_names_come_from_the_organisation(tmp_path):
    org = (PLANS / "org.yaml").read_text(encoding="utf-8").replace("fangsong: 仿宋_GB2312", "fangsong: 仿宋")
    (tmp_path / "org.yaml").write_text(org, encoding="utf-8")
    (tmp_path / "2024.yaml").write_text((PLANS / "2024.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    doc = render(load_plan(tmp_path / "2024.yaml"))
    assert attr(doc.style("PFBody").find(f"{w('rPr')}/{w('rFonts')}"), "eastAsia") == "仿宋"
    assert "仿宋_GB2312" not in doc.zip.read("word/styles.xml").decode()


def test_every_run_hints_east_asian_font_for_quotes(any_doc):
    runs = any_doc.document.xpath("//w:r[w:t]", namespaces=NS)
    quoted = [r for r in runs if re.search("[“”‘’—…]", "".join(r.xpath("w:t/text()", namespaces=NS)))]
    assert quoted, "the example has quotes"
    for run in quoted:
        assert run.xpath("w:rPr/w:rFonts/@w:hint", namespaces=NS) == ["eastAsia"]


def test_tasks_numbered_with_run_in_title_and_note(plan_doc):
    plan = load_plan(PLANS / "2024.yaml").plan
    body = plan_doc.document.xpath("//w:body/w:p", namespaces=NS)
    tasks = [p for p in body if p.xpath("w:r/w:rPr/w:rStyle[@w:val='PFRunIn']", namespaces=NS)]
    expected = [t for _, _, t in plan.tasks()]
    assert len(tasks) == len(expected) == 31
    for number, (p, task) in enumerate(zip(tasks, expected), start=1):
        runs = p.xpath("w:r", namespaces=NS)
        styles = [r.xpath("w:rPr/w:rStyle/@w:val", namespaces=NS) for r in runs]
        assert styles[0] == styles[1] == ["PFRunIn"]
        assert text(runs[0]) + text(runs[1]) == f"{number}.{task.title}。"
        assert text(p).endswith("（责任科室：" + "、".join(task.departments) + ("。排名第一的为牵头科室，下同。）" if number == 1 else "）"))
        assert pstyle(p) == "PFBody"


def test_headings_number_sections(plan_doc):
    headings = [text(p) for p in plan_doc.paragraphs() if pstyle(p) == "PFHeading1"]
    assert headings[0] == "一、加强党的建设，把牢教育发展方向" and headings[-1].startswith("六、")


def test_title_balanced_in_two_lines(plan_doc):
    (title,) = [p for p in plan_doc.paragraphs() if pstyle(p) == "PFTitle"]
    lines = [text(r) for r in title.xpath("w:r[w:t]", namespaces=NS)]
    # the space between the joint issuers ends the first line, so the paragraph's text is the title
    assert lines == ["中共示例市委教育工作委员会 ", "示例市教育局2024年工作要点"]
    assert len(title.xpath("w:r/w:br", namespaces=NS)) == 1


def test_page_number_footers(any_doc):
    settings = any_doc.parts["word/settings.xml"]
    assert settings.find(w("evenAndOddHeaders")) is not None
    refs = any_doc.document.xpath("(//w:sectPr)[1]/w:footerReference", namespaces=NS)  # the text's section
    assert sorted(attr(r, "type") for r in refs) == ["default", "even"]
    for part, side in (("word/footer1.xml", "right"), ("word/footer2.xml", "left")):
        footer = any_doc.parts[part]
        (p,) = footer.findall(w("p"))
        assert p.xpath("w:pPr/w:jc/@w:val", namespaces=NS) == [side]
        assert int(p.xpath(f"w:pPr/w:ind/@w:{side}", namespaces=NS)[0]) > 0  # one character in
        assert "PAGE" in "".join(p.xpath(".//w:instrText/text()", namespaces=NS))
        assert text(p) == "— 1 —"  # em dashes U+2014 around the field
        assert pstyle(p) == "PFPageNumber"


def test_goals_table_sets_both_widths(plan_doc):
    (table,) = plan_doc.document.xpath("//w:body/w:tbl", namespaces=NS)
    total = int(table.xpath("w:tblPr/w:tblW/@w:w", namespaces=NS)[0])
    cols = [int(c) for c in table.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert sum(cols) == total == 8844  # the type area's width (156 mm) in twips
    first_row_cells = table.xpath("w:tr[1]/w:tc/w:tcPr/w:tcW/@w:w", namespaces=NS)
    assert [int(c) for c in first_row_cells] == cols
    assert all(pstyle(p) == "PFTable" for p in table.xpath(".//w:p", namespaces=NS))
    assert [text(c) for c in table.xpath("w:tr[2]/w:tc", namespaces=NS)] == ["1", "学前三年毛入园率", "≥92%"]


def test_notice_elements_in_order(notice_doc):
    paragraphs = [(pstyle(p), text(p)) for p in notice_doc.paragraphs()]
    texts = [t for _, t in paragraphs]
    marks = [t for s, t in paragraphs if s == "PFMark" and t]
    assert marks == ["中共示例市委教育工作委员会", "示例市教育局", "文件"]
    order = [
        texts.index("示教工委发〔2024〕2号"),
        texts.index("关于印发《中共示例市委教育工作委员会 示例市教育局2024年工作要点》的通知"),
        texts.index("各县（市、区）教育局，市直各学校，局机关各科室、直属各单位："),
        texts.index("现将《中共示例市委教育工作委员会 示例市教育局2024年工作要点》印发给你们，请结合实际认真贯彻落实。"),
        texts.index("2024年2月26日"),
        texts.index("（此件公开发布）"),
        texts.index("中共示例市委教育工作委员会 示例市教育局2024年工作要点"),
        texts.index("抄送：市委办公室，市人民政府办公室，省教育厅办公室。"),
        texts.index("中共示例市委教育工作委员会办公室2024年2月26日印发"),
    ]
    assert order == sorted(order)


def test_notice_red_mark_and_rule(notice_doc):
    color = notice_doc.style("PFMark").find(f"{w('rPr')}/{w('color')}")
    assert attr(color, "val") == "FF0000"
    (number,) = [p for p in notice_doc.paragraphs() if pstyle(p) == "PFDocNumber"]
    rule = number.find(f"{w('pPr')}/{w('pBdr')}/{w('bottom')}")
    assert attr(rule, "color") == "FF0000" and attr(rule, "val") == "single"


def test_notice_plan_starts_on_new_page(notice_doc):
    titles = [p for p in notice_doc.paragraphs() if pstyle(p) == "PFTitle"]
    assert len(titles) == 2
    assert titles[1].find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None


def test_signature_without_seal(notice_doc):
    sig = [p for p in notice_doc.paragraphs() if pstyle(p) == "PFSignature"]
    assert [text(p) for p in sig] == ["中共示例市委教育工作委员会", "示例市教育局", "2024年2月26日"]
    rights = [int(p.xpath("w:pPr/w:ind/@w:right", namespaces=NS)[0]) for p in sig]
    assert [p.xpath("string(w:pPr/w:jc/@w:val)", namespaces=NS) for p in sig] == ["right"] * 3
    pitch = 20 * 15.75  # one character, in twips
    # the date (6.5 characters) is longer than 示例市教育局: it ends two characters from the edge …
    assert rights[2] == round(2 * pitch)
    # … and starts two characters right of the name above it, both names ending at the same place
    assert rights[0] == rights[1]
    assert round(rights[1] - rights[2] - 0.5 * pitch) == round(2 * pitch)


def test_imprint_frames_at_bottom_with_rules(notice_doc):
    framed = [p for p in notice_doc.paragraphs() if p.find(f"{w('pPr')}/{w('framePr')}") is not None]
    assert [text(p) for p in framed] == ["抄送：市委办公室，市人民政府办公室，省教育厅办公室。", "中共示例市委教育工作委员会办公室2024年2月26日印发"]
    cc, printed = framed
    ys = [int(p.find(f"{w('pPr')}/{w('framePr')}").get(w("y"))) for p in framed]
    assert ys[1] == 12756 - 579 and ys[0] == ys[1] - 579  # bottom line of the type area, cc right above
    borders = lambda p, side: p.find(f"{w('pPr')}/{w('pBdr')}/{w(side)}")  # noqa: E731
    assert attr(borders(cc, "top"), "sz") == "8" and attr(borders(cc, "bottom"), "sz") == "6"  # thick, thin
    assert attr(borders(printed, "bottom"), "sz") == "8"  # thick
    assert printed.xpath("w:r/w:tab", namespaces=NS), "printed-by left, date right, on one line"


def test_single_issuer_mark_on_one_line(tmp_path):
    (tmp_path / "2024.yaml").write_text(
        "year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 甲\n    tasks:\n      - title: 乙\n"
        "notice:\n  doc_number: 示教发〔2024〕3号\n  date: 2024年3月1日\n", encoding="utf-8")
    doc = render(load_plan(tmp_path / "2024.yaml"), notice=True)
    marks = [text(p) for p in doc.paragraphs() if pstyle(p) == "PFMark" and text(p)]
    assert marks == ["示例县教育局文件"]
    assert not doc.document.xpath("//w:tbl", namespaces=NS)


def test_xml_special_characters_are_escaped(tmp_path):
    (tmp_path / "2024.yaml").write_text(
        "year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 'A&B <c> \"d\"'\n    tasks:\n      - title: xy\n",
        encoding="utf-8")
    doc = render(load_plan(tmp_path / "2024.yaml"))
    headings = [text(p) for p in doc.paragraphs() if pstyle(p) == "PFHeading1"]
    assert headings == ['一、A&B <c> "d"']
    assert any(text(p).startswith("1.xy。") for p in doc.paragraphs())
