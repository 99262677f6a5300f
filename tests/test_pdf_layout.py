"""What LibreOffice makes of our DOCX, measured on the PDF (skipped without LibreOffice, outside CI)."""
import re
import subprocess
from collections import defaultdict

import pytest

from conftest import PLANS, need_tool
from planforge.compose import compose_notice, compose_plan
from planforge.load import load_plan
from planforge.pdf import docx_to_pdf
from planforge.templating import Templates
from planforge.writers.docx import write_docx

PT_PER_MM = 72 / 25.4
TYPE_TOP, TYPE_BOTTOM = 37 * PT_PER_MM, (37 + 225) * PT_PER_MM
PAGE_WIDTH = 210 * PT_PER_MM


@pytest.fixture(scope="module", autouse=True)
def tools():
    need_tool("soffice")
    need_tool("pdftotext")


def pdf_lines(pdf: bytes, page: int):
    """[(top, bottom, x_left, x_right, text)] of one page, one entry per line of text."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"],
                         input=pdf, capture_output=True, check=True).stdout.decode()
    rows = defaultdict(list)
    for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out):
        x0, y0, x1, y1, word = float(m[1]), float(m[2]), float(m[3]), float(m[4]), m[5]
        rows[round(y1)].append((x0, x1, y0, word))
    lines = []
    for bottom in sorted(rows):
        words = sorted(rows[bottom])
        lines.append((min(w[2] for w in words), bottom, words[0][0], words[-1][1], "".join(w[3] for w in words)))
    return lines


def test_full_page_has_22_lines_of_28_characters(tmp_path):
    # One long paragraph of plain characters fills whole pages: no punctuation to compress.
    body = "".join("教育工作要点落实任务推动发展"[i % 14] for i in range(28 * 22 * 2))
    (tmp_path / "2024.yaml").write_text(
        f"year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 甲\n    tasks:\n      - title: 乙\n        body: {body}\n",
        encoding="utf-8")
    loaded, templates = load_plan(tmp_path / "2024.yaml"), Templates()
    pdf = docx_to_pdf(write_docx(compose_plan(loaded.plan, templates), loaded.plan.org, templates))
    lines = [line for line in pdf_lines(pdf, 2) if line[1] < TYPE_BOTTOM + 1]  # the page number is below
    assert len(lines) == 22, [l[4] for l in lines]
    assert [len(l[4]) for l in lines] == [28] * 22
    pitch = (lines[-1][1] - lines[0][1]) / 21
    assert abs(pitch - 28.95) < 0.1, pitch


@pytest.fixture(scope="module")
def notice_pdf():
    loaded, templates = load_plan(PLANS / "2024.yaml"), Templates()
    return docx_to_pdf(write_docx(compose_notice(loaded.plan, templates), loaded.plan.org, templates))


def ink_top(pdf: bytes, page: int, left: float, right: float, below: float) -> float:
    """Where the first dark pixels are between x = left…right, under y = below (all in pt).

    Measured on the rendered page, because a text box's top depends on the
    font's declared ascent (LibreOffice declares none for CJK subsets, and
    poppler then takes the font's bounding box), not on where the glyph is."""
    scale = 4  # pixels per pt at 288 dpi
    crop = [int(left * scale), int(below * scale), int((right - left) * scale) + 1, 60 * scale]
    pgm = subprocess.run(["pdftoppm", "-gray", "-r", "288", "-f", str(page), "-l", str(page),
                          *[arg for flag, value in zip("xyWH", crop) for arg in (f"-{flag}", str(value))], "-"],
                         input=pdf, capture_output=True, check=True).stdout
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+\d+\s", pgm)
    width, pixels = int(header[1]), pgm[header.end():]
    first = next((i for i, value in enumerate(pixels) if value < 128), None)
    assert first is not None, f"nothing printed on page {page} under y={below:.0f} pt"
    return below + (first // width) / scale


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def test_imprint_sits_at_the_bottom_of_the_last_page(notice_pdf):
    last = pdf_lines(notice_pdf, page_count(notice_pdf))
    printed = next(l for l in last if l[4].endswith("印发"))
    cc = next(l for l in last if l[4].startswith("抄送："))
    assert TYPE_BOTTOM - 29 < printed[1] <= TYPE_BOTTOM + 1, "the printed line is the type area's last line"
    assert 0 < printed[1] - cc[1] < 35, "抄送 directly above it"


def test_page_numbers_outside_odd_right_even_left(notice_pdf):
    for page in (1, 2):
        number = next(l for l in pdf_lines(notice_pdf, page) if re.fullmatch(rf"—{page}—", l[4]))
        dash = ink_top(notice_pdf, page, number[2], number[2] + 10, TYPE_BOTTOM)
        assert abs(dash - (TYPE_BOTTOM + 7 * PT_PER_MM)) < 1.5, "7.5: the dash's top edge 7 mm under the type area"
        if page % 2:
            assert number[3] > PAGE_WIDTH / 2, "odd pages: right"
        else:
            assert number[2] < PAGE_WIDTH / 2, "even pages: left"


def test_notice_title_lines_balanced(notice_pdf):
    lines = [l[4] for l in pdf_lines(notice_pdf, 1)]
    assert "关于印发《中共示例市委教育工作委员会" in lines
    assert "示例市教育局2024年工作要点》的通知" in lines
