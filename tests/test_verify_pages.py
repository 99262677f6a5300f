"""`planforge verify`'s page checks: each defect a reader sees, planted in a copy of our notice, is caught
with its clause and page; checks that cannot apply are skipped; without LibreOffice every page check says why.

Each planted variant is converted to PDF once (module-scoped), several defects per variant where they do not
interfere, so the LibreOffice conversions stay few."""
import dataclasses
import io
import json
import re
import zipfile
from copy import deepcopy

import docx
import pytest
from lxml import etree

from conftest import PLANS, need_tool
from planforge.compose import compose_notice, compose_plan
from planforge.layout import Layout
from planforge.load import load_plan
from planforge.ooxml import W, w
from planforge.pagemap import align, paragraph_text
from planforge.pdf import docx_to_pdf
from planforge.pdfpages import read_pages
from planforge.templating import Templates
from planforge.verify_pages import check_pages
from planforge.writers.docx import write_docx

LAYOUT = Layout()


# ---------------------------------------------------------------------- planting defects in the XML
def edit(data: bytes, change) -> bytes:
    """A copy of the DOCX with change(root of word/document.xml) applied."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/document.xml":
                root = etree.fromstring(content)
                change(root)
                content = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            target.writestr(name, content)
    return out.getvalue()


def para(root, text: str, after: str | None = None):
    """The first paragraph whose text starts with ``text`` (after the one starting with ``after``)."""
    seen = after is None
    for p in root.iter(w("p")):
        t = "".join(p.itertext(w("t")))
        if seen and t.startswith(text):
            return p
        seen = seen or t.startswith(after)
    raise AssertionError(f"no paragraph starting {text!r}")


def ppr(p):
    found = p.find(w("pPr"))
    if found is None:
        found = etree.Element(w("pPr"))
        p.insert(0, found)
    return found


def set_prop(p, tag: str, **attrs):
    props = ppr(p)
    for old in props.findall(w(tag)):
        props.remove(old)
    el = etree.Element(w(tag), {w(k): str(v) for k, v in attrs.items()})
    style = props.find(w("pStyle"))
    props.insert(1 if style is not None else 0, el)


def split_run(p, char: str, rpr=None, br: bool = False):
    """Put ``char`` (its first occurrence) in a run of its own with ``rpr``, or a line break before it."""
    for t in p.iter(w("t")):
        if t.text and char in t.text:
            before, after = t.text.split(char, 1)
            run = t.getparent()
            t.text = before
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            new = deepcopy(run)
            for child in list(new):
                if child.tag != w("rPr"):
                    new.remove(child)
            if br:
                new.append(etree.Element(w("br")))
            elif rpr is not None:
                new.insert(0, rpr)
            text = etree.SubElement(new, w("t"))
            text.text = char + (after if br else "")
            text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            run.addnext(new)
            if not br and after:
                rest = deepcopy(run)
                rest.find(w("t")).text = after
                new.addnext(rest)
            return
    raise AssertionError(f"{char!r} not in the paragraph")


def chars(n: float) -> int:
    return LAYOUT.chars_to_twips(n)


# ---------------------------------------------------------------------- documents
@pytest.fixture(scope="module")
def sources():
    loaded, templates = load_plan(PLANS / "2024.yaml"), Templates()
    plan = loaded.plan
    with_attachment = dataclasses.replace(plan, notice=dataclasses.replace(plan.notice, attachment=True))
    return {
        "notice": write_docx(compose_notice(plan, templates), plan.org, templates),
        "plan": write_docx(compose_plan(plan, templates), plan.org, templates),
        "attachment": write_docx(compose_notice(with_attachment, templates), plan.org, templates),
    }


def page_one_defects(root):
    split_run(para(root, "关于印发"), "育", br=True)                      # title broken inside 教育
    vanish = etree.Element(w("rPr"))
    etree.SubElement(vanish, w("vanish"))
    split_run(para(root, "现将"), "真", rpr=vanish)                      # a character missing from the page
    set_prop(para(root, "各县"), "ind", right=-chars(2))                  # pushed 2 characters into the margin
    date = para(root, "2024年2月26日")
    set_prop(date, "jc", val="right")
    set_prop(date, "ind", left=0, right=chars(1))                       # date one character from the edge
    root.find(f".//{w('sectPr')}/{w('pgMar')}").set(w("footer"), "567")  # page number far below the type area


def alone(root):
    set_prop(para(root, "现将"), "pageBreakBefore")                       # 正文 not on page 1
    set_prop(para(root, "（此件公开发布）"), "pageBreakBefore")            # 附注 alone


def signature_alone(root):
    set_prop(para(root, "中共示例市委教育工作委员会", after="现将"), "pageBreakBefore")
    set_prop(para(root, "2.夯实基层党组织基础"), "spacing", before=LAYOUT.lines_to_twips(0.5))  # off the line grid
    set_prop(para(root, "3.持续推进全面从严治党"), "ind", right=chars(2))  # lines end two characters short


def imprint_on_odd_page(root):
    # undo the writer's unnumbered 版记 section: the text's section (numbered) runs to the end …
    body = root.find(w("body"))
    for p in list(body.iter(w("p"))):
        inner = p.find(f"{w('pPr')}/{w('sectPr')}")
        if inner is not None:
            body.replace(body.find(w("sectPr")), inner)
            p.getparent().remove(p)
    # … and a blank page pushes the 版记 onto a page of its own
    cc = para(root, "抄送")
    blank = etree.Element(w("p"))
    set_prop(blank, "pageBreakBefore")
    cc.addprevious(blank)
    set_prop(cc, "pageBreakBefore")


def imprint_raised(root):
    """The 版记's frames one line higher: its last line no longer on the type area's last line."""
    pitch = round(LAYOUT.line_pitch_pt * 20)
    for frame in root.iter(w("framePr")):
        frame.set(w("y"), str(int(frame.get(w("y"))) - pitch))


def attachment_flush_left(root):
    set_prop(para(root, "附件："), "ind", left=0, firstLine=chars(2))


def attachment_and_date_right(root):
    set_prop(para(root, "附件："), "ind", left=chars(5), hanging=chars(3))
    date = para(root, "2024年2月26日")
    set_prop(date, "jc", val="right")
    set_prop(date, "ind", left=0, right=chars(2))


def attachment_right_and_alone(root):
    attachment_and_date_right(root)
    alone(root)


VARIANTS = {
    "page one": ("notice", page_one_defects),
    "signature alone": ("notice", signature_alone),
    "imprint odd": ("notice", imprint_on_odd_page),
    "imprint raised": ("notice", imprint_raised),
    "attachment flush left": ("attachment", attachment_flush_left),
    # where the attachment and the date sit does not depend on the page breaks: one conversion for both
    "attachment right, alone": ("attachment", attachment_right_and_alone),
}


@pytest.fixture(scope="module")
def rendered(sources, tmp_path_factory):
    """name → (docx path, pdf bytes), each converted once, on first use."""
    need_tool("soffice")
    folder, cache = tmp_path_factory.mktemp("pages"), {}

    def get(name: str):
        if name not in cache:
            if name in VARIANTS:
                base, change = VARIANTS[name]
                data = edit(sources[base], change)
            else:
                data = sources[name]
            path = folder / f"{name.replace(' ', '-').replace(',', '')}.docx"
            path.write_bytes(data)
            cache[name] = (path, docx_to_pdf(data))
        return cache[name]

    return get


def checks_of(rendered, name: str, **options) -> dict:
    path, pdf = rendered(name)
    return {(c.clause, c.rule): c for c in check_pages(path, pdf, **options)}


def failing(checks: dict, clause: str, words: str):
    found = [c for (cl, rule), c in checks.items() if cl == clause and words in rule]
    assert len(found) == 1, (clause, words, list(checks))
    assert found[0].status == "fail", found[0]
    return found[0].detail


def status(checks: dict, clause: str, words: str) -> str:
    return next(c.status for (cl, rule), c in checks.items() if cl == clause and words in rule)


# ---------------------------------------------------------------------- planted defects
def test_title_broken_inside_a_word(rendered):
    detail = failing(checks_of(rendered, "page one"), "7.3.1", "词意完整")
    assert "第 1 页" in detail and "教|育" in detail


def test_hidden_character_is_missing_from_the_page(rendered):
    detail = failing(checks_of(rendered, "page one"), "5.2", "文字完整")
    assert "第 1 页缺“真”" in detail and "认【真】贯彻" in detail


def test_text_pushed_into_the_margin(rendered):
    detail = failing(checks_of(rendered, "page one"), "5.2.1", "版心左右边缘")
    assert "第 1 页“…" in detail and "超出右边缘" in detail


def test_date_one_character_from_the_edge(rendered):
    detail = failing(checks_of(rendered, "page one"), "7.3.5.2", "成文日期")
    assert "第 1 页" in detail and "1.0 字" in detail


def test_page_number_too_far_below_the_type_area(rendered):
    detail = failing(checks_of(rendered, "page one"), "7.5", "7 mm")
    assert detail.startswith("第 1–")


def test_body_not_on_the_first_page_and_note_alone(rendered):
    checks = checks_of(rendered, "attachment right, alone")
    assert "从第 2 页开始" in failing(checks, "7.3.3", "首页")
    assert "第 3 页只有附注“（此件公开发布）”" in failing(checks, "7.3.5.4", "只有附注")


def test_signature_and_date_alone(rendered):
    detail = failing(checks_of(rendered, "signature alone"), "7.3.5.4", "只有署名")
    assert "第 2 页只有署名、成文日期" in detail


def test_page_not_filled_and_lines_ending_short(rendered):
    checks = checks_of(rendered, "signature alone")
    pages = read_pages(rendered("signature alone")[1])
    wide = next(p.number for p in pages if p.find("夯实基层党组织基础"))
    short = next(p.number for p in pages if p.find("持续推进全面从严治党"))
    assert f"第 {wide} 页" in failing(checks, "5.2.3", "22 行")
    detail = failing(checks, "5.2.3", "排满 28 字")
    assert f"第 {short} 页“" in detail and "只排了 26 字" in detail


def test_imprint_on_an_odd_page_and_numbered_blank_pages(rendered):
    checks = checks_of(rendered, "imprint odd")
    last = max(int(part.split()[0]) for part in failing(checks, "7.4.1", "偶数页").split("第 ")[1:])
    assert last % 2 == 1
    assert status(checks_of(rendered, "imprint odd", double_sided=False), "7.4.1", "偶数页") == "skip"
    detail = failing(checks, "7.5", "不编页码")
    assert f"第 {last} 页是只有版记的页" in detail and f"第 {last - 1} 页是空白页" in detail


def test_imprint_not_on_the_last_line(rendered):
    """Measured by the baseline, whatever the glyphs below it: on the last line passes, a line higher fails."""
    assert status(checks_of(rendered, "notice"), "7.4.1", "最后一行") == "pass"
    detail = failing(checks_of(rendered, "imprint raised"), "7.4.1", "最后一行")
    assert "版记最后一行的基线离版心下边缘" in detail, detail


def test_attachment_wrapped_to_the_margin(rendered):
    detail = failing(checks_of(rendered, "attachment flush left"), "7.3.4", "附件说明")
    assert re.search(r"第 \d+ 页附件说明回行", detail), detail


def test_attachment_and_date_placed_right_pass(rendered):
    checks = checks_of(rendered, "attachment right, alone")
    assert status(checks, "7.3.4", "附件说明") == "pass"
    assert status(checks, "7.3.5.2", "成文日期") == "pass"


def test_checks_that_cannot_apply_are_skipped(rendered, tmp_path):
    plan = checks_of(rendered, "plan")  # a plan: no 版记, no 署名
    for clause, words in (("7.4.1", "最后一页"), ("7.4.1", "偶数页"), ("7.3.5.2", "成文日期"), ("7.3.4", "附件说明")):
        assert status(plan, clause, words) == "skip", (clause, words)
    document = docx.Document()  # no title, no page numbers
    document.add_paragraph("全市教育系统要认真落实各项工作任务。")
    path = tmp_path / "plain.docx"
    document.save(str(path))
    checks = {(c.clause, c.rule): c for c in check_pages(path, docx_to_pdf(path.read_bytes()))}
    assert status(checks, "7.3.1", "词意完整") == "skip"
    assert status(checks, "7.5", "7 mm") == "skip"
    assert status(checks, "5.2", "文字完整") == "pass"


def test_our_example_notice_and_plan_pass_every_page_check(rendered):
    failed = [f"{name}: {c.clause} {c.rule}（{c.detail}）" for name in ("notice", "plan")
              for c in checks_of(rendered, name).values() if c.status == "fail"]
    assert failed == [], "\n".join(failed)


# ---------------------------------------------------------------------- CLI
def test_cli_reads_a_given_pdf_and_groups_the_report(cli, rendered, tmp_path):
    path, pdf = rendered("page one")
    (tmp_path / "page-one.pdf").write_bytes(pdf)
    code, stdout, _ = cli("verify", path, "--pdf", tmp_path / "page-one.pdf")
    assert code == 1
    assert stdout.index("版式（DOCX") < stdout.index("页面（渲染成 PDF") < stdout.index("✗ 7.3.1")
    code, stdout, _ = cli("verify", path, "--pdf", tmp_path / "page-one.pdf", "--format", "json")
    pages = [c for c in json.loads(stdout)[0]["checks"] if c["part"] == "pdf"]
    assert {c["clause"] for c in pages if c["status"] == "fail"} >= {"5.2", "5.2.1", "7.3.1", "7.3.5.2", "7.5"}


def test_cli_without_libreoffice_skips_every_page_check(cli, sources, tmp_path, monkeypatch):
    monkeypatch.setattr("planforge.pdf.soffice", lambda: None)
    path = tmp_path / "notice.docx"
    path.write_bytes(sources["notice"])
    code, stdout, _ = cli("verify", path, "--format", "json")
    pages = [c for c in json.loads(stdout)[0]["checks"] if c["part"] == "pdf"]
    assert len(pages) >= 10 and all(c["status"] == "skip" for c in pages)
    assert all("LibreOffice" in c["detail"] and "apt-get install" in c["detail"] for c in pages)
    assert code == 0  # the XML half passes; nothing is claimed about the pages
    code, stdout, _ = cli("verify", path)
    assert "页面未检查" in stdout and stdout.count("apt-get install") == 1, "the reason is said once"
    code, stdout, _ = cli("verify", path, "--no-pages")
    assert code == 0 and "页面（" not in stdout


def test_cli_unreadable_pdf_and_misuse(cli, sources, tmp_path):
    path = tmp_path / "notice.docx"
    path.write_bytes(sources["notice"])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"not a pdf")
    code, _, stderr = cli("verify", path, "--pdf", junk)
    assert code == 2 and "PF170" in stderr and "PDF" in stderr and "Traceback" not in stderr
    code, _, stderr = cli("verify", path, path, "--pdf", junk)
    assert code == 2 and "--pdf" in stderr


# ---------------------------------------------------------------------- the parts, without LibreOffice
def test_align_finds_missing_characters_without_stealing_from_the_next_paragraph():
    parts = ["推动发展。", "加强管理，提高质量。", "5"]
    target = "推动发展" + "序号" + "加强管理提高质量。" + "表头5"
    found = align(parts, target)
    assert found[0][-1] is None, "the lost 。 is not matched to the next paragraph's"
    assert [target[j] for j in found[1] if j is not None] == list("加强管理提高质量。")
    assert found[1][4] is None, "the lost ，"
    assert target[found[2][0]] == "5", "a repeated table header before a short cell is skipped"


def test_align_stays_in_step_over_a_long_document():
    parts = [f"第{i}项任务落实情况良好。" for i in range(3000)]
    target = "".join(p if i != 1500 else p[:-1] for i, p in enumerate(parts))
    found = align(parts, target)
    missing = [(i, k) for i, f in enumerate(found) for k, j in enumerate(f) if j is None]
    assert missing == [(1500, len(parts[1500]) - 1)]


def test_paragraph_text_leaves_out_page_numbers_and_fallback_copies():
    xml = f"""<w:p xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">
      <w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>
      <w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>
      <w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t><w:br/><w:t>下</w:t></w:r>
      <w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>
      <mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>
    </w:p>"""
    p = etree.fromstring(xml)
    assert paragraph_text(p) == "第页\n下"
    box = next(q for q in p.iter(w("p")) if q is not p)
    assert paragraph_text(box) == "框"
