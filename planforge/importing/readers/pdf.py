"""PDF → pieces, with the layout undone: lines the PDF broke are joined again,
running headers and footers and page numbers are dropped.

pdfplumber (on pdfminer.six) is used because it gives every text line with its
box: a line that reaches the right edge of the text block and is followed by
one that is not indented continues the same paragraph; a line in the top or
bottom margin band that repeats on other pages, or is only a page number, is a
running header or footer; its table finder reads a ruled 版记 or metrics table.
pypdfium2 is faster but gives page text or single character boxes, from which
lines and tables would have to be rebuilt by hand; a plan is a few pages, so
speed does not matter here.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..patterns import DIGIT_RUN, PAGE_NUMBER_LINE
from .base import Piece, ReadError, Source

MARGIN_BAND = 0.15  # of the page height: where running headers and footers sit (GB/T 9704 puts page numbers ~90 pt up)


def read_pdf(path: Path) -> Source:
    import pdfplumber

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [(page.height, _with_tables(page)) for page in pdf.pages]
            title = str(pdf.metadata.get("Title") or "").strip()  # Word puts the document title here
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds (and wraps them) for a damaged or encrypted file
        raise ReadError(f"无法作为 PDF 读取（{type(exc).__name__}）：文件可能已损坏或加密，请另存一份 PDF 或找原来的 Word 文件。") from None
    if not any(lines for _, lines in pages):
        raise ReadError("PDF 中没有文字（可能是扫描件）：请先做文字识别（OCR），或找原来的 Word 文件。")
    repeated = _running_lines(pages)
    body = [(n, line) for n, (height, lines) in enumerate(pages, start=1) for line in lines
            if not _is_margin(line, height, repeated)]
    if not body:
        return Source([], "页", title_hint=title)
    left = min(line["x0"] for _, line in body if "rows" not in line)
    right = max(line["x1"] for _, line in body if "rows" not in line)
    pieces: list[Piece] = []
    previous = None
    for page, line in body:
        if "rows" in line:
            pieces += [Piece("", page, "row", tuple(" ".join((c or "").split()) for c in row)) for row in line["rows"]]
            previous = None
            continue
        size = _char_size(line)
        indented = line["x0"] - left > size * 1.2
        continues = (previous is not None and right - previous["x1"] < size * 1.5 and not indented
                     and abs(_char_size(previous) - size) < 0.5)
        pieces.append(Piece(line["text"], page, "cont" if continues else "text"))
        previous = line
    return Source(pieces, "页", title_hint=title)


def _with_tables(page) -> list[dict]:
    """The page's text lines, with each ruled table (a metrics table, a 版记) as one entry of rows in its place."""
    lines = page.extract_text_lines(layout=False, strip=True)
    for table in page.find_tables():
        x0, top, x1, bottom = table.bbox
        inside = [i for i, line in enumerate(lines)
                  if top <= (line["top"] + line["bottom"]) / 2 <= bottom and line["x0"] < x1 and line["x1"] > x0]
        if inside:
            entry = {"rows": table.extract(), "text": "", "top": top, "bottom": bottom, "x0": x0, "x1": x1}
            lines = lines[:inside[0]] + [entry] + [line for i, line in enumerate(lines) if i > inside[0] and i not in inside]
    return lines


def _char_size(line: dict) -> float:
    chars = line.get("chars") or []
    return (sum(c["size"] for c in chars) / len(chars)) if chars else (line["bottom"] - line["top"])


def _key(text: str) -> str:
    return DIGIT_RUN.sub("#", text.replace(" ", ""))


def _running_lines(pages) -> set[str]:
    """Texts (digits ignored) that sit in the margin band of more than one page."""
    seen: Counter[str] = Counter()
    for height, lines in pages:
        seen.update({_key(line["text"]) for line in lines if "rows" not in line and (line["top"] < height * MARGIN_BAND or line["bottom"] > height * (1 - MARGIN_BAND))})
    return {key for key, count in seen.items() if count > 1} if len(pages) > 1 else set()


def _is_margin(line: dict, height: float, repeated: set[str]) -> bool:
    if "rows" in line:
        return False
    in_band = line["top"] < height * MARGIN_BAND or line["bottom"] > height * (1 - MARGIN_BAND)
    return in_band and (_key(line["text"]) in repeated or bool(PAGE_NUMBER_LINE.match(line["text"])))
