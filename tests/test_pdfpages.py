"""pdfpages reads a PDF into pages → lines → characters in mm from the top-left (no LibreOffice needed:
the PDF is drawn here with PDFium, text at known places)."""
import ctypes
import io

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from planforge.layout import MM_PER_PT
from planforge.pdfpages import PdfReadError, read_pages


def make_pdf(pages: list[list[tuple[str, float, float, float]]]) -> bytes:
    """One A4 page per list of (text, x mm, baseline mm, size pt), in Helvetica."""
    document = pdfium.PdfDocument.new()
    for texts in pages:
        page = document.new_page(210 / MM_PER_PT, 297 / MM_PER_PT)
        for text, x, baseline, size in texts:
            obj = pdfium_c.FPDFPageObj_NewTextObj(document.raw, b"Helvetica", size)
            buffer = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
            pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
            pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x / MM_PER_PT, (297 - baseline) / MM_PER_PT)
            pdfium_c.FPDFPage_InsertObject(page.raw, obj)
        pdfium_c.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_pages_lines_and_characters_in_mm():
    pdf = make_pdf([
        [("xyz", 100, 50.3, 16), ("AB C", 28, 50, 16), ("- 12 -", 160, 60, 14)],
        [],
    ])
    first, second = read_pages(pdf)
    assert (first.number, second.number) == (1, 2)
    assert first.width == pytest.approx(210) and first.height == pytest.approx(297)
    assert [line.text for line in first.lines] == ["ABCxyz", "-12-"], "same baseline → one line, left to right; no spaces"
    top, number = first.lines
    assert top.x0 == pytest.approx(28, abs=0.05) and top.baseline == pytest.approx(50, abs=0.05)
    assert number.size == 14 and number.baseline == pytest.approx(60, abs=0.05)
    a = top.chars[0]
    assert a.box.x0 <= a.ink.x0 < a.ink.x1 <= a.box.x1, "the glyph lies inside its cell"
    assert a.box.top < a.ink.top < a.ink.bottom <= a.baseline + 0.05, "a capital sits on the baseline"
    assert top.x1 == top.chars[-1].box.x1 and top.ink.x1 <= top.x1
    assert first.find("B C") is top and first.find("missing") is None
    assert first.line_number(number.chars[0]) == 1
    assert second.lines == () and second.text == ""


def test_unreadable_pdf():
    with pytest.raises(PdfReadError, match="无法读取 PDF"):
        read_pages(b"not a pdf")
