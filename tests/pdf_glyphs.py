"""Which font, and which regional form of a glyph, a PDF from LibreOffice shows for each character.

The font *names* in such a PDF cannot tell a Japanese face from a Chinese one:
Debian's Noto CJK fonts are collections (.ttc) whose faces JP, KR, SC, TC and
HK share one CFF table named ``NotoSansCJKjp-…``, so LibreOffice embeds every
face as ``NotoSerifCJKjp-Regular-VKana`` or the like.  What differs between the
faces is which glyph a character maps to (骨, 说, 全 … are drawn differently in
Japan and in China).  LibreOffice keeps the glyph's CID as its name in the
embedded Type 1 subset (``cid12345``), so comparing those CIDs with the cmap of
each face of the installed collection shows which regional forms were drawn.
"""
from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pdfplumber
from fontTools import t1Lib
from fontTools.ttLib import TTFont
from pdfminer.cmapdb import CMapParser, FileUnicodeMap
from pdfminer.pdftypes import resolve1


def fonts_and_text(pdf_path: Path) -> tuple[str, list[str]]:
    """All characters of the PDF in content order, and the font name of each."""
    text, fonts = [], []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                text.append(char["text"])
                fonts.append(char["fontname"])
    return "".join(text), fonts


def fonts_of(pdf_path: Path, snippet: str) -> set[str]:
    """The fonts of the characters of ``snippet`` (its first occurrence; spaces in the PDF ignored)."""
    text, fonts = fonts_and_text(pdf_path)
    kept = [(ch, font) for ch, font in zip(text, fonts) if not ch.isspace()]
    joined = "".join(ch for ch, _ in kept)
    start = joined.find(snippet)
    assert start >= 0, f"“{snippet}” is not in the PDF"
    return {font for _, font in kept[start:start + len(snippet)]}


def embedded_cids(pdf_path: Path) -> dict[str, dict[str, int]]:
    """For each embedded CID-based Type 1 font: character → CID of the glyph drawn for it."""
    out: dict[str, dict[str, int]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            for ref in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(ref)
                name = font["BaseFont"].name
                descriptor = resolve1(font.get("FontDescriptor"))
                if name in out or not descriptor or "FontFile" not in descriptor or "ToUnicode" not in font:
                    continue
                to_unicode = FileUnicodeMap()
                CMapParser(to_unicode, io.BytesIO(resolve1(font["ToUnicode"]).get_data())).run()
                with tempfile.TemporaryDirectory() as tmp:
                    program = Path(tmp, "font.t1")
                    program.write_bytes(resolve1(descriptor["FontFile"]).get_data())
                    t1 = t1Lib.T1Font(str(program))
                    t1.parse()
                encoding = t1.font["Encoding"]
                out[name] = {char: int(encoding[code][3:]) for code, char in to_unicode.cid2unichr.items()
                             if encoding[code].startswith("cid")}
    return out


def face_cmap(family: str, bold: bool) -> dict[str, int]:
    """Character → CID in the installed face ``family`` (fontconfig finds the file and the face index)."""
    pattern = f"{family}:weight={'bold' if bold else 'regular'}"
    found = subprocess.run(["fc-match", "-f", "%{file}\t%{index}\t%{family}", pattern],
                           capture_output=True, check=True, text=True).stdout.split("\t")
    assert family in found[2].split(","), f"{family} is not installed"
    font = TTFont(found[0], fontNumber=int(found[1]), lazy=True)
    return {chr(code): int(glyph[3:]) for code, glyph in font.getBestCmap().items() if glyph.startswith("cid")}
