"""What LibreOffice makes of our DOCX, measured on the PDF (skipped without LibreOffice, outside CI)."""
import re

import pytest

from conftest import PLANS, need_tool
from planforge.compose import compose_notice, compose_plan
from planforge.layout import Layout
from planforge.load import load_plan
from planforge.pdf import docx_to_pdf
from planforge.pdfpages import read_pages
from planforge.templating import Templates
from planforge.writers.docx import write_docx

LAYOUT = Layout()
TYPE_BOTTOM = LAYOUT.margin_top_mm + LAYOUT.type_height_mm
PITCH_MM = LAYOUT.line_pitch_pt * 25.4 / 72


@pytest.fixture(scope="module", autouse=True)
def tools():
    need_tool("soffice")


def test_full_page_has_22_lines_of_28_characters(tmp_path):
    # One long paragraph of plain characters fills whole pages: no punctuation to compress.
    body = "".join("教育工作要点落实任务推动发展"[i % 14] for i in range(28 * 22 * 2))
    (tmp_path / "2024.yaml").write_text(
        f"year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 甲\n    tasks:\n      - title: 乙\n        body: {body}\n",
        encoding="utf-8")
    loaded, templates = load_plan(tmp_path / "2024.yaml"), Templates()
    pdf = docx_to_pdf(write_docx(compose_plan(loaded.plan, templates), loaded.plan.org, templates))
    lines = [line for line in read_pages(pdf)[1].lines if line.bottom < TYPE_BOTTOM + 1]  # the page number is below
    assert len(lines) == 22, [line.text for line in lines]
    assert [len(line.text) for line in lines] == [28] * 22
    pitch = (lines[-1].baseline - lines[0].baseline) / 21
    assert abs(pitch - PITCH_MM) < 0.05, pitch


@pytest.fixture(scope="module")
def notice_pages():
    loaded, templates = load_plan(PLANS / "2024.yaml"), Templates()
    return read_pages(docx_to_pdf(write_docx(compose_notice(loaded.plan, templates), loaded.plan.org, templates)))


def test_imprint_sits_at_the_bottom_of_the_last_page(notice_pages):
    last = notice_pages[-1].lines
    printed = next(line for line in last if line.text.endswith("印发"))
    cc = next(line for line in last if line.text.startswith("抄送："))
    assert TYPE_BOTTOM - PITCH_MM < printed.bottom <= TYPE_BOTTOM + 0.5, "the printed line is the type area's last line"
    assert 0 < printed.baseline - cc.baseline < 1.2 * PITCH_MM, "抄送 directly above it"


def test_page_numbers_outside_odd_right_even_left(notice_pages):
    middle = LAYOUT.page_width_mm / 2
    for page in notice_pages[:2]:
        number = next(line for line in page.lines if re.fullmatch(rf"—{page.number}—", line.text))
        assert number.top > TYPE_BOTTOM, "under the type area"
        if page.number % 2:
            assert number.x0 > middle, "odd pages: right"
        else:
            assert number.x1 < middle, "even pages: left"


def test_notice_title_lines_balanced(notice_pages):
    lines = [line.text for line in notice_pages[0].lines]
    assert "关于印发《中共示例市委教育工作委员会" in lines
    assert "示例市教育局2024年工作要点》的通知" in lines
