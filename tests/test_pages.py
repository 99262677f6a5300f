"""What a reader gets: generated notices and plans of several shapes, rendered by LibreOffice, checked on the PDF.

Each variant is written fresh here (issuers, body length, attachment, 抄送 length, number of tasks), so
that the documents end on odd and even pages and the notice's first page is full, half full or over-full.
"""
import io
import re
from dataclasses import dataclass

import pytest

from conftest import need_tool
from planforge.compose import compose_notice
from planforge.document import Imprint
from planforge.load import load_plan
from planforge.templating import Templates
from planforge.writers.docx import write_docx

pdfplumber = pytest.importorskip("pdfplumber")

MM = 72 / 25.4
TYPE_TOP, TYPE_BOTTOM, TYPE_LEFT, TYPE_RIGHT = 37 * MM, 262 * MM, 28 * MM, 184 * MM
ISSUERS = ["中共示例县委教育工作委员会", "示例县教育局", "示例县人力资源和社会保障局", "示例县财政局"]
SENTENCES = ["全面落实立德树人根本任务，推动各级各类教育高质量发展。", "各单位要结合实际制定具体措施，明确责任分工和完成时限。",
             "切实加强组织领导，确保各项任务落到实处、取得实效。", "工作中遇到的新情况新问题，请及时报告县教育局。"]
TASK_BODY = "统筹推进学校建设和教师队伍建设，完善经费保障机制，开展专项督导，年底前完成{n}所学校的提升改造，确保工作取得实效。"


@dataclass(frozen=True)
class Variant:
    name: str
    issuers: int = 1
    body_lines: int = 1  # notice body, in lines of 28 characters (roughly)
    tasks: int = 4
    attachment: bool = False
    cc: int = 3
    note: bool = True
    long_title: bool = False
    double_sided: bool = True
    one_paragraph: bool = False  # a long body written as one paragraph


VARIANTS = [
    Variant("short-1", issuers=1, body_lines=1),
    Variant("joint-2", issuers=2, body_lines=2, tasks=9),
    Variant("joint-3-attachment", issuers=3, body_lines=4, attachment=True, tasks=14),
    Variant("joint-4-long", issuers=4, body_lines=6, long_title=True, cc=14, tasks=20),
    Variant("body-8-attachment", issuers=2, body_lines=8, attachment=True, tasks=27),
    Variant("no-note-single-sided", issuers=1, body_lines=3, note=False, tasks=11, double_sided=False),
    Variant("one-long-paragraph", issuers=3, body_lines=7, attachment=True, long_title=True, tasks=6, one_paragraph=True),
]


def write_variant(v: Variant, folder) -> None:
    issuers = ISSUERS[:v.issuers]
    sentences = (SENTENCES * 8)[: max(1, round(v.body_lines * 28 / 26))]
    half = len(sentences) // 2
    # a longer body comes in two paragraphs, as offices write it (a literal block keeps the break)
    body = "".join(sentences) if v.body_lines < 4 or v.one_paragraph else "|-\n    " + "".join(sentences[:half]) + "\n\n    " + "".join(sentences[half:])
    cc = [f"县直第{i}单位" for i in range(1, v.cc + 1)]
    org = [
        "issuer:", *[f"  - {name}" for name in issuers],
        "doc_code: 示县教发", "recipients: 各乡镇中心学校，县直各学校，局机关各股室",
        "cc: [" + ", ".join(cc) + "]", "printed_by: 示例县教育局办公室",
        "responsibility: {label: 责任股室}",
        "departments: [{name: 办公室}, {name: 基教股}, {name: 财务股}]",
        f"layout: {{double_sided: {str(v.double_sided).lower()}}}",
    ]
    (folder / "org.yaml").write_text("\n".join(org) + "\n", encoding="utf-8")
    kind = "推进教育强县建设和教育高质量发展重点工作安排" if v.long_title else "工作要点"
    plan = [
        "year: 2026", f"kind: {kind}", "sections:",
    ]
    for s in range((v.tasks + 4) // 5):
        plan += [f"  - title: 第{s + 1}部分重点工作", "    tasks:"]
        for t in range(min(5, v.tasks - 5 * s)):
            n = 5 * s + t + 1
            plan += [f"      - title: 推进第{n}项重点任务", f"        body: {TASK_BODY.format(n=n)}",
                     "        departments: [基教股, 财务股]"]
    plan += ["notice:", "  doc_number: 7", "  date: 2026-02-20", f"  body: {body}",
             f"  attachment: {str(v.attachment).lower()}"]
    if v.note:
        plan.append("  note: 此件公开发布")
    (folder / "2026.yaml").write_text("\n".join(plan) + "\n", encoding="utf-8")


@dataclass
class Rendered:
    variant: Variant
    docx_text: str
    pages: list  # per page: list of (top, bottom, x0, x1, text) lines
    imprint_lines: int


def lines_of(page) -> list:
    rows = {}
    for c in page.chars:
        rows.setdefault(round(c["bottom"]), []).append(c)
    out = []
    for bottom in sorted(rows):
        chars = sorted(rows[bottom], key=lambda c: c["x0"])
        out.append((min(c["top"] for c in chars), bottom, chars[0]["x0"], chars[-1]["x1"],
                    "".join(c["text"] for c in chars).replace(" ", "")))
    return out


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda v: v.name)
def rendered(request, tmp_path_factory):
    need_tool("soffice")
    from planforge.pdf import docx_to_pdf
    import docx

    v = request.param
    folder = tmp_path_factory.mktemp(v.name)
    write_variant(v, folder)
    loaded, templates = load_plan(folder / "2026.yaml"), Templates()
    document = compose_notice(loaded.plan, templates)
    data = write_docx(document, loaded.plan.org, templates)
    text = "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    with pdfplumber.open(io.BytesIO(docx_to_pdf(data))) as pdf:
        pages = [lines_of(page) for page in pdf.pages]
    imprint = next(b for b in document.blocks if isinstance(b, Imprint))
    return Rendered(v, text, pages, 1 + bool(imprint.cc))


def body_lines(page):
    """Lines inside the type area (the page number is below it)."""
    return [line for line in page if line[1] <= TYPE_BOTTOM + 2]


def page_number(page):
    below = [line[4] for line in page if line[0] > TYPE_BOTTOM]
    return below[0] if below else None


def test_every_character_reaches_the_pdf(rendered):
    pdf_text = "".join(line[4] for page in rendered.pages for line in body_lines(page))
    docx_chars = re.sub(r"\s", "", rendered.docx_text)
    pdf_chars = iter(pdf_text)
    missing = [ch for ch in docx_chars if ch not in pdf_chars]  # in order: a subsequence test
    assert not missing, f"missing from the PDF: {''.join(missing)[:40]}"


def test_nothing_outside_the_type_area(rendered):
    for number, page in enumerate(rendered.pages, 1):
        for top, bottom, x0, x1, text in body_lines(page):
            if "文件" in text and top < TYPE_TOP + 60 * MM:
                continue  # the issuing mark may be as wide as the type area
            assert x0 >= TYPE_LEFT - 1 and x1 <= TYPE_RIGHT + 1, (number, text)


def test_notice_body_signature_and_note_on_page_one_when_short(rendered):
    v, first = rendered.variant, "".join(line[4] for line in rendered.pages[0])
    assert SENTENCES[0][:12] in first, "the body starts on page 1"
    if v.body_lines <= 4 and v.issuers <= 2 and not v.attachment:
        assert "2026年2月20日" in first, "a short notice keeps its 署名 and date on page 1"
        if v.note:
            assert "（此件公开发布）" in first


def test_signature_page_has_body_text(rendered):
    """7.3.5.4: the 署名 never stands on a page without 正文 — the last body lines come with it."""
    at = next(i for i, page in enumerate(rendered.pages) if any(line[4] == "2026年2月20日" for line in page))
    if at > 0:
        texts = "".join(line[4] for line in body_lines(rendered.pages[at]))
        assert any(sentence[-10:] in texts for sentence in SENTENCES), texts[:60]


def test_no_page_holds_only_a_note_a_signature_or_a_title(rendered):
    for number, page in enumerate(rendered.pages, 1):
        texts = [line[4] for line in body_lines(page)]
        if not texts:
            continue
        signature = set(ISSUERS) | {"2026年2月20日", "（此件公开发布）"}
        assert not set(texts) <= signature, f"page {number} holds only {texts}"


def test_imprint_on_the_last_page_at_the_bottom_even_and_unnumbered_when_alone(rendered):
    pages = rendered.pages
    last = body_lines(pages[-1])
    printed = [line for line in last if line[4].endswith("印发")]
    assert printed, "the 版记 is on the last page"
    assert TYPE_BOTTOM - 29 < printed[0][1] <= TYPE_BOTTOM + 1, "its printed line is the type area's last line"
    if rendered.variant.double_sided:
        assert len(pages) % 2 == 0, f"printed double-sided the 版记 is on the back of a sheet, not page {len(pages)}"
    alone = all(line[4].startswith("抄送") or line[4].endswith("印发") or line[0] > printed[0][0] - 200
                for line in last) and len(last) <= rendered.imprint_lines + 3
    if alone:
        assert page_number(pages[-1]) is None, "a page holding only the 版记 has no page number"
    for page in pages[:-1]:
        if not body_lines(page):
            assert page_number(page) is None, "a blank page has no page number"


def test_page_numbers_of_text_pages(rendered):
    for number, page in enumerate(rendered.pages[:-1], 1):
        if body_lines(page):
            assert page_number(page) == f"—{number}—"


def test_date_placed_as_7_3_5_2_says(rendered):
    """The date's first character two characters right of the 署名's; when that would take it past the
    name's end, the date ends two characters from the right edge instead."""
    lines = [line for page in rendered.pages for line in page]
    at = next(i for i, line in enumerate(lines) if line[4] == "2026年2月20日")
    name, date = lines[at - 1], lines[at]
    char = 15.75
    if date[3] - date[2] + 2 * char > name[3] - name[2]:
        assert abs((TYPE_RIGHT - date[3]) - 2 * char) < 4, (TYPE_RIGHT - date[3]) / char
    else:
        assert abs((date[2] - name[2]) - 2 * char) < 4, (date[2] - name[2]) / char
        assert abs((TYPE_RIGHT - name[3]) - 2 * char) < 4, (TYPE_RIGHT - name[3]) / char
