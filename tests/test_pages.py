"""What a reader gets: generated notices (tests/variants.py) rendered by LibreOffice, checked on the PDF —
by the assertions here and by every page check of `planforge verify`."""
import io
import re
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest

from conftest import need_tool
from planforge.compose import compose_notice
from planforge.document import Imprint
from planforge.layout import Layout
from planforge.load import load_plan
from planforge.pdf import docx_to_pdf
from planforge.pdfpages import read_pages
from planforge.templating import Templates
from planforge.verify_pages import check_pages
from planforge.writers.docx import write_docx
from variants import ISSUERS, SENTENCES, VARIANTS, Variant, write_variant

LAYOUT = Layout()
TYPE_TOP, TYPE_LEFT = LAYOUT.margin_top_mm, LAYOUT.margin_left_mm
TYPE_BOTTOM, TYPE_RIGHT = TYPE_TOP + LAYOUT.type_height_mm, TYPE_LEFT + LAYOUT.type_width_mm
CHAR = (LAYOUT.body_size_pt + LAYOUT.char_spacing_pt) * 25.4 / 72  # one character, in mm
PITCH = LAYOUT.line_pitch_pt * 25.4 / 72


@dataclass
class Rendered:
    variant: Variant
    docx_path: Path
    docx_text: str
    pdf: bytes
    pages: list  # planforge.pdfpages.Page
    imprint_lines: int


@pytest.fixture(scope="module", params=VARIANTS, ids=lambda v: v.name)
def rendered(request, tmp_path_factory):
    need_tool("soffice")
    v = request.param
    folder = tmp_path_factory.mktemp(v.name)
    write_variant(v, folder)
    loaded, templates = load_plan(folder / "2026.yaml"), Templates()
    document = compose_notice(loaded.plan, templates)
    data = write_docx(document, loaded.plan.org, templates)
    (folder / "notice.docx").write_bytes(data)
    text = "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    pdf = docx_to_pdf(data, loaded.plan.org.fonts)
    imprint = next(b for b in document.blocks if isinstance(b, Imprint))
    return Rendered(v, folder / "notice.docx", text, pdf, read_pages(pdf), 1 + bool(imprint.cc))


def body_lines(page):
    """Lines inside the type area (the page number is below it)."""
    return [line for line in page.lines if line.bottom <= TYPE_BOTTOM + 1]


def page_number(page):
    below = [line.text for line in page.lines if line.top > TYPE_BOTTOM]
    return below[0] if below else None


def test_every_page_check_of_verify_passes(rendered):
    checks = check_pages(rendered.docx_path, rendered.pdf, double_sided=rendered.variant.double_sided)
    failed = [f"{c.clause} {c.rule}（{c.detail}）" for c in checks if c.status == "fail"]
    assert not failed, "\n".join(failed)


def test_every_character_reaches_the_pdf(rendered):
    pdf_text = "".join(line.text for page in rendered.pages for line in body_lines(page))
    docx_chars = re.sub(r"\s", "", rendered.docx_text)
    pdf_chars = iter(pdf_text)
    missing = [ch for ch in docx_chars if ch not in pdf_chars]  # in order: a subsequence test
    assert not missing, f"missing from the PDF: {''.join(missing)[:40]}"


def test_nothing_outside_the_type_area(rendered):
    for number, page in enumerate(rendered.pages, 1):
        for line in body_lines(page):
            if "文件" in line.text and line.top < TYPE_TOP + 60:
                continue  # the issuing mark may be as wide as the type area
            assert line.x0 >= TYPE_LEFT - 0.5 and line.x1 <= TYPE_RIGHT + 0.5, (number, line.text)


def test_notice_body_signature_and_note_on_page_one_when_short(rendered):
    v, first = rendered.variant, rendered.pages[0].text.replace("\n", "")
    assert SENTENCES[0][:12] in first, "the body starts on page 1"
    if v.body_lines <= 4 and v.issuers <= 2 and not v.attachment:
        assert "2026年2月20日" in first, "a short notice keeps its 署名 and date on page 1"
        if v.note:
            assert "（此件公开发布）" in first


def test_signature_page_has_body_text(rendered):
    """7.3.5.4: the 署名 never stands on a page without 正文 — the last body lines come with it."""
    at = next(i for i, page in enumerate(rendered.pages) if any(line.text == "2026年2月20日" for line in page.lines))
    if at > 0:
        texts = "".join(line.text for line in body_lines(rendered.pages[at]))
        assert any(sentence[-10:] in texts for sentence in SENTENCES), texts[:60]


def test_no_page_holds_only_a_note_a_signature_or_a_title(rendered):
    for number, page in enumerate(rendered.pages, 1):
        texts = [line.text for line in body_lines(page)]
        if not texts:
            continue
        signature = set(ISSUERS) | {"2026年2月20日", "（此件公开发布）"}
        assert not set(texts) <= signature, f"page {number} holds only {texts}"


def test_imprint_on_the_last_page_at_the_bottom_even_and_unnumbered_when_alone(rendered):
    pages = rendered.pages
    last = body_lines(pages[-1])
    printed = [line for line in last if line.text.endswith("印发")]
    assert printed, "the 版记 is on the last page"
    assert TYPE_BOTTOM - PITCH < printed[0].bottom <= TYPE_BOTTOM + 0.5, "its printed line is the type area's last line"
    if rendered.variant.double_sided:
        assert len(pages) % 2 == 0, f"printed double-sided the 版记 is on the back of a sheet, not page {len(pages)}"
    alone = all(line.top > printed[0].top - 8 * PITCH for line in last) and len(last) <= rendered.imprint_lines + 6
    if alone:
        assert page_number(pages[-1]) is None, "a page holding only the 版记 has no page number"
    for page in pages[:-1]:
        if not body_lines(page):
            assert page_number(page) is None, "a blank page has no page number"


def test_page_numbers_of_text_pages(rendered):
    for number, page in enumerate(rendered.pages[:-1], 1):
        if body_lines(page):
            assert page_number(page) == f"—{number}—"
            dash = next(c for line in page.lines if line.top > TYPE_BOTTOM for c in line.chars if c.text == "—")
            assert abs(dash.ink.top - TYPE_BOTTOM - LAYOUT.page_number_gap_mm) < 0.3, "7.5: the dashes 7 mm under the type area"


def test_date_placed_as_7_3_5_2_says(rendered):
    """The date's first character two characters right of the 署名's; when that would take it past the
    name's end, the date ends two characters from the right edge instead."""
    lines = [line for page in rendered.pages for line in page.lines]
    at = next(i for i, line in enumerate(lines) if line.text == "2026年2月20日")
    name, date = lines[at - 1], lines[at]
    if date.x1 - date.x0 + 2 * CHAR > name.x1 - name.x0:
        assert abs((TYPE_RIGHT - date.x1) - 2 * CHAR) < 1.5, (TYPE_RIGHT - date.x1) / CHAR
    else:
        assert abs((date.x0 - name.x0) - 2 * CHAR) < 1.5, (date.x0 - name.x0) / CHAR
        assert abs((TYPE_RIGHT - name.x1) - 2 * CHAR) < 1.5, (TYPE_RIGHT - name.x1) / CHAR
