"""The pages of a PDF as typed data: pages → lines → characters, in mm.

This is the one place planforge reads PDF geometry (``verify``'s page checks
and the tests both use it).  Coordinates are millimetres from the page's
top-left corner, so figures compare directly with the layout profile
(天头 37 mm, 订口 28 mm …).

Each character carries two boxes, because the page checks need both:
``box`` is the character's cell (advance width × the font's ascent/descent),
which is what "the line ends at the type area's edge" or "one character in"
means; ``ink`` is the tight outline of the glyph, which is what a reader sees
(a comma hanging outside the type area, the page number's dash 7 mm below it).

Read with PDFium (pypdfium2): it gives tight glyph boxes, which pdfminer-based
readers do not, and reads a page about ten times faster, which matters for a
plan of thousands of tasks.
"""
from __future__ import annotations

import ctypes
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator, NamedTuple, Union

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .layout import MM_PER_PT


class PdfReadError(Exception):
    """The PDF cannot be read; the message is for the user."""


class Box(NamedTuple):
    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0


class Char(NamedTuple):
    text: str
    index: int      # position in the page's content stream (reading order as written)
    box: Box        # the character's cell: advance width × ascent/descent
    ink: Box        # the glyph's outline
    baseline: float
    size: float     # font size in pt


@dataclass(frozen=True)
class Line:
    """Characters sharing a baseline, left to right; whitespace is left out."""

    chars: tuple[Char, ...]

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def x0(self) -> float:
        return self.chars[0].box.x0

    @property
    def x1(self) -> float:
        return self.chars[-1].box.x1

    @property
    def top(self) -> float:
        return min(c.box.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.box.bottom for c in self.chars)

    @property
    def baseline(self) -> float:
        return self.chars[0].baseline

    @property
    def size(self) -> float:
        """The largest font size on the line."""
        return max(c.size for c in self.chars)

    @property
    def ink(self) -> Box:
        return Box(min(c.ink.x0 for c in self.chars), min(c.ink.top for c in self.chars),
                   max(c.ink.x1 for c in self.chars), max(c.ink.bottom for c in self.chars))


@dataclass(frozen=True)
class Page:
    number: int     # 1-based, as printed on a double-sided sheet: odd = front
    width: float
    height: float
    chars: tuple[Char, ...]   # content-stream order, whitespace left out
    lines: tuple[Line, ...]   # top to bottom

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)

    @cached_property
    def _line_of(self) -> dict[int, int]:
        return {c.index: n for n, line in enumerate(self.lines) for c in line.chars}

    def line_number(self, char: Char) -> int:
        """The position in ``lines`` of the line holding ``char``."""
        return self._line_of[char.index]

    def find(self, text: str) -> Line | None:
        """The first line containing ``text`` (whitespace ignored)."""
        wanted = "".join(text.split())
        return next((line for line in self.lines if wanted in line.text), None)


def read_pages(pdf: Union[bytes, str, Path]) -> list[Page]:
    """Read every page of a PDF (its bytes or a path) once."""
    source = str(pdf) if isinstance(pdf, Path) else pdf
    try:
        document = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as exc:
        raise PdfReadError(f"无法读取 PDF（{exc}）。") from None
    except FileNotFoundError:
        raise PdfReadError("找不到 PDF 文件。") from None
    try:
        return [_read_page(document[i], i + 1) for i in range(len(document))]
    finally:
        document.close()


def _read_page(page, number: int) -> Page:
    height = page.get_height()
    textpage = page.get_textpage()
    handle = textpage.raw

    def box(left, bottom, right, top) -> Box:
        return Box(left * MM_PER_PT, (height - top) * MM_PER_PT, right * MM_PER_PT, (height - bottom) * MM_PER_PT)

    chars = []
    x, y = ctypes.c_double(), ctypes.c_double()
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = pdfium_c.FS_RECTF()
    for k in range(textpage.count_chars()):
        text = chr(pdfium_c.FPDFText_GetUnicode(handle, k))
        if text.isspace() or pdfium_c.FPDFText_IsGenerated(handle, k) == 1:
            continue
        pdfium_c.FPDFText_GetCharOrigin(handle, k, x, y)
        pdfium_c.FPDFText_GetCharBox(handle, k, left, right, bottom, top)
        pdfium_c.FPDFText_GetLooseCharBox(handle, k, loose)
        chars.append(Char(text, k, box(loose.left, loose.bottom, loose.right, loose.top),
                          box(left.value, bottom.value, right.value, top.value),
                          (height - y.value) * MM_PER_PT, round(pdfium_c.FPDFText_GetFontSize(handle, k), 2)))
    width = page.get_width()
    textpage.close()
    page.close()
    return Page(number, width * MM_PER_PT, height * MM_PER_PT, tuple(chars), tuple(_lines(chars)))


def _lines(chars: list[Char]) -> Iterator[Line]:
    """Group characters by baseline (within a fifth of the font size), top to bottom."""
    current: list[Char] = []
    for char in sorted(chars, key=lambda c: (c.baseline, c.box.x0)):
        if current and abs(char.baseline - current[0].baseline) > 0.2 * max(char.size, current[0].size) * MM_PER_PT:
            yield Line(tuple(sorted(current, key=lambda c: c.box.x0)))
            current = []
        current.append(char)
    if current:
        yield Line(tuple(sorted(current, key=lambda c: c.box.x0)))
