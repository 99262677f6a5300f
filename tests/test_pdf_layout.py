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


def page_count(pdf: bytes) -> int:
    info = subprocess.run(["pdfinfo", "-"], input=pdf, capture_output=True, check=True).stdout.decode()
    return int(re.search(r"Pages:\s+(\d+)", info)[1])


def test_imprint_sits_at_the_bottom_of_the_last_page(notice_pdf):
    last = pdf_lines(notice_pdf, page_count(notice_pdf))
    printed = next(l for l in last if l[4].endswith("印发"))
    cc = next(l for l in last if l[4].startswith("抄送："))
    assert TYPE_BOTTOM - 29 < printed[1] <= TYPE_BOTTOM + 1, "the printed line is the type area's last line"
    assert 0 < printed[1] - cc[1] < 35, "抄送 directly above it"


def dash_top_mm(pdf: bytes, page: int) -> float:
    """The top of the page number's dashes, in mm from the page top, read off the page as printed
    (7.5 measures the 一字线, which the character boxes do not show)."""
    from PIL import Image

    import tempfile
    from pathlib import Path

    dpi = 300
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, "page.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                        f"{tmp}/page.pdf", f"{tmp}/page"], check=True)
        image = Image.open(f"{tmp}/page.png").convert("L")
    width, _ = image.size
    px, per_mm = image.load(), dpi / 25.4
    for y in range(int(262 * per_mm), int(285 * per_mm)):
        run = best = 0
        for x in range(width):
            run = run + 1 if px[x, y] < 128 else 0
            best = max(best, run)
        if best > 4 * per_mm:  # a horizontal stroke longer than 4 mm: the em dash (a digit is narrower)
            return y / per_mm
    raise AssertionError("no page-number dash under the type area")


def test_page_numbers_outside_odd_right_even_left(notice_pdf):
    need_tool("pdftoppm")
    for page in (1, 2):
        number = next(l for l in pdf_lines(notice_pdf, page) if re.fullmatch(rf"—{page}—", l[4]))
        assert abs(dash_top_mm(notice_pdf, page) - (262 + 7)) < 0.5, "the dashes 7 mm under the type area"
        if page % 2:
            assert number[3] > PAGE_WIDTH / 2, "odd pages: right"
        else:
            assert number[2] < PAGE_WIDTH / 2, "even pages: left"


def test_notice_title_lines_balanced(notice_pdf):
    lines = [l[4] for l in pdf_lines(notice_pdf, 1)]
    assert "关于印发《中共示例市委教育工作委员会" in lines
    assert "示例市教育局2024年工作要点》的通知" in lines
