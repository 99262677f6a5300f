"""Readers for ``planforge import``: a file → pieces of text with where they came from.

Every reader yields the same thing — paragraphs (or table rows) in order, each
with its line number (text, Markdown) or paragraph number (DOCX) — so the
importer knows nothing about file formats.  Word's automatic list numbers
(``w:numPr``), which are not part of the text, are computed from
numbering.xml and put back in front of the paragraph, as the reader sees them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .numerals import chinese_numeral


@dataclass
class Piece:
    text: str
    where: int  # line (text, Markdown) or paragraph (DOCX), from 1
    kind: str = "text"  # text | title | heading | row | cont (after a line break in the same paragraph)
    cells: tuple[str, ...] = ()


# The largest plan seen is well under 1 MB as text and a few MB as DOCX; past this it is the wrong file.
MAX_IMPORT_BYTES = 20_000_000


class ReadError(Exception):
    """The file cannot be read; the message is for the user."""


def read(path: Path) -> tuple[list[Piece], str]:
    """The pieces of ``path`` and the unit its numbers count (行 or 段)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise ReadError("找不到文件。")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ReadError(f"文件有 {size // 1_000_000} MB，超过导入的上限 {MAX_IMPORT_BYTES // 1_000_000} MB；"
                        "一份工作要点不会这么大，请确认选对了文件。")
    if suffix == ".docx":
        return read_docx(path), "段"
    if suffix in (".txt", ".text", ""):
        return [Piece(line, n) for n, line in enumerate(_decode(path).splitlines(), start=1)], "行"
    if suffix in (".md", ".markdown"):
        return read_markdown(_decode(path)), "行"
    if suffix in (".doc", ".wps", ".pdf"):
        raise ReadError(f"不能直接读取 {suffix} 文件：请在 Word/WPS 中另存为 .docx 后再导入。")
    raise ReadError(f"不认识的文件类型“{suffix}”：可以导入 .docx、.txt 和 .md。")


def _decode(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding).replace("\r\n", "\n").replace("\r", "\n")
        except UnicodeDecodeError:
            continue
    raise ReadError("文件既不是 UTF-8 也不是 GBK 编码，请另存为 UTF-8 文本。")


def read_markdown(text: str) -> list[Piece]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    pieces: list[Piece] = []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            content = "".join(c.content for c in token.children if c.type in ("text", "code_inline"))
            parent = tokens[i - 1].type
            where = (token.map or tokens[i - 1].map or [0])[0] + 1
            if parent in ("th_open", "td_open"):
                row.append(content)
            elif parent == "heading_open":
                pieces.append(Piece(content, where, "title" if tokens[i - 1].tag == "h1" else "heading"))
            else:
                pieces.append(Piece(content, where))
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            pieces.append(Piece("", pieces[-1].where if pieces else 1, "row", tuple(row)))
    return pieces


# --------------------------------------------------------------------------- DOCX

_CHINESE_FORMATS = {"chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
                    "japaneseCounting", "taiwaneseCounting", "taiwaneseCountingThousand", "ideographDigital"}


class ListNumbers:
    """Word's automatic numbering: the label a paragraph shows (``一、``, ``1.``)."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, str], tuple[str, str, int]] = {}
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in numbering.findall(qn("w:abstractNum")):
            aid = abstract.get(qn("w:abstractNumId"))
            for lvl in abstract.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                self.levels[(aid, lvl.get(qn("w:ilvl")))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "%1.",
                    _whole(start.get(qn("w:val")) if start is not None else None, 1),
                )
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.abstract_of[num.get(qn("w:numId"))] = ref.get(qn("w:val"))

    def label(self, paragraph) -> str:
        qn = self.qn
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None and paragraph.style is not None:
            num_pr = paragraph.style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None:
            return ""
        num_id = num_pr.find(qn("w:numId"))
        ilvl = num_pr.find(qn("w:ilvl"))
        num_id = num_id.get(qn("w:val")) if num_id is not None else None
        level = _whole(ilvl.get(qn("w:val")) if ilvl is not None else None, 0)
        abstract = self.abstract_of.get(num_id)
        if abstract is None or num_id == "0" or not 0 <= level <= 8:  # Word has levels 0–8 only
            return ""
        counts = self.counters.setdefault(abstract, [0] * 9)
        fmt, text, start = self.levels.get((abstract, str(level)), ("decimal", "%1.", 1))
        counts[level] = counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0

        def shown(n: int, k: int) -> str:
            k_fmt = self.levels.get((abstract, str(k)), ("decimal", "", 1))[0]
            if k_fmt in _CHINESE_FORMATS:
                return chinese_numeral(n)
            return "" if k_fmt in ("none", "bullet") else str(n)

        return re.sub(r"%(\d)", lambda m: shown(counts[int(m.group(1)) - 1] or 1, int(m.group(1)) - 1), text)


def _whole(value, default: int) -> int:
    """An attribute that should be a small whole number; anything else (``"abc"``, ``""``) is the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if abs(number) < 100_000 else default


def read_docx(path: Path) -> list[Piece]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad package
        raise ReadError(f"无法作为 DOCX 读取（{type(exc).__name__}）：请确认是 Word 2007 以后的 .docx 文件。") from None
    numbers = ListNumbers(document)
    pieces: list[Piece] = []
    where = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            where += 1
            paragraph = Paragraph(child, document)
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            kind = "title" if style in ("Title", "标题") else "heading" if re.match(r"(Heading|标题)\s*1$", style) else "text"
            text = numbers.label(paragraph) + paragraph.text
            for i, line in enumerate(text.split("\n")):
                pieces.append(Piece(line, where, kind if i == 0 else "cont"))
        elif tag == "tbl":
            where += 1
            for row in Table(child, document).rows:
                cells = tuple(dict.fromkeys(c.text for c in row.cells))  # merged cells repeat
                pieces.append(Piece("", where, "row", cells))
    return pieces
