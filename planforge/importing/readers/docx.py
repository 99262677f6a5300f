"""DOCX → pieces: paragraphs in order (with Word's automatic list numbers put back
in front, as the reader sees them) and table rows (a 版记 or a metrics table)."""
from __future__ import annotations

from pathlib import Path

from ...numerals import chinese_numeral
from ..patterns import HEADING_STYLE, LEVEL_PLACEHOLDER
from .base import Piece, ReadError, Source

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
        self.restarts: dict[str, dict[int, int]] = {}
        for num in numbering.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None:
                self.abstract_of[num.get(qn("w:numId"))] = ref.get(qn("w:val"))
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    self.restarts.setdefault(num.get(qn("w:numId")), {})[_whole(override.get(qn("w:ilvl")), 0)] = \
                        _whole(start.get(qn("w:val")), 1)

    def label(self, paragraph, style) -> str:
        """``style``: the paragraph's style (see :class:`Styles`)."""
        qn = self.qn
        num_pr = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
        if num_pr is None and style is not None:
            num_pr = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
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
        restart = self.restarts.get(num_id, {}).pop(level, None)  # the first paragraph of a restarted list
        counts[level] = restart if restart is not None else counts[level] + 1 if counts[level] else start
        for deeper in range(level + 1, 9):
            counts[deeper] = 0

        def shown(n: int, k: int) -> str:
            k_fmt = self.levels.get((abstract, str(k)), ("decimal", "", 1))[0]
            if k_fmt in _CHINESE_FORMATS:
                return chinese_numeral(n)
            return "" if k_fmt in ("none", "bullet") else str(n)

        return LEVEL_PLACEHOLDER.sub(lambda m: shown(counts[int(m.group(1)) - 1] or 1, int(m.group(1)) - 1), text)


class Styles:
    """Each paragraph's style, looked up once per style id: python-docx searches the styles part
    with XPath on every ``paragraph.style``, which was a third of importing a long plan."""

    def __init__(self):
        self.by_id: dict = {}

    def of(self, paragraph):
        style_id = paragraph._p.style
        if style_id not in self.by_id:
            self.by_id[style_id] = paragraph.style
        return self.by_id[style_id]


def _whole(value, default: int) -> int:
    """An attribute that should be a small whole number; anything else (``"abc"``, ``""``) is the default."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if abs(number) < 100_000 else default


def read_docx(path: Path) -> Source:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad package
        raise ReadError(f"无法作为 DOCX 读取（{type(exc).__name__}）：请确认是 Word 2007 以后的 .docx 文件。") from None
    numbers, styles = ListNumbers(document), Styles()
    pieces: list[Piece] = []
    where = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            where += 1
            paragraph = Paragraph(child, document)
            found = styles.of(paragraph)
            style = (found.name if found is not None else "") or ""
            kind = "title" if style in ("Title", "标题") else "heading" if HEADING_STYLE.match(style) else "text"
            text = numbers.label(paragraph, found) + paragraph.text
            for i, line in enumerate(text.split("\n")):
                pieces.append(Piece(line, where, kind if i == 0 else "cont"))
        elif tag == "tbl":
            where += 1
            for row in Table(child, document).rows:
                cells = tuple(dict.fromkeys(c.text for c in row.cells))  # merged cells repeat
                pieces.append(Piece("", where, "row", cells))
    return Source(pieces, "段")
