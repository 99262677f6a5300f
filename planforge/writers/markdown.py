"""Markdown writer: blocks → CommonMark (plus a GFM table for metrics).

CommonMark only closes ``**`` when the closing run is "right-flanking": after
``。`` it must be followed by a space or punctuation, which Chinese text never
has.  So the run-in number and title are made strong *without* their final
mark, ``**1.标题**。正文`` — the closing ``**`` then follows a letter.
"""
from __future__ import annotations

import re

from ..document import Document, Table, Text, cell_runs
from ..templating import Templates
from . import block_globals

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)](?=\s|$))")


def escape(text: str) -> str:
    """Backslash-escape what CommonMark would read as syntax; text reads the same."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _line(text: str) -> str:
    """Escape a whole paragraph: also what only means something at a line start."""
    text = escape(text.replace("\n", "")).lstrip(" \t")
    match = _LINE_START.match(text)
    if match:
        marker = match.group(2)
        text = text[: match.start(2)] + (marker[:-1] + "\\" + marker[-1] if marker[0].isdigit() else "\\" + marker) + text[match.end(2):]
    return text


def inline(block: Text) -> str:
    """The paragraph's runs, with the run-in number and title in bold."""
    strong = "".join(r.text for r in block.runs if r.style in ("number", "lead"))
    rest = "".join(r.text for r in block.runs if r.style not in ("number", "lead"))
    if not strong:
        return _line(rest)
    core, mark = strong, ""
    if core[-1] in "。？！：；":
        core, mark = core[:-1], core[-1]
    return f"**{escape(core)}**{escape(mark)}{escape(rest)}".replace("\n", "") if core else _line(strong + rest)


_MARKS = {"del": ("<del>", "</del>"), "ins": ("<ins>", "</ins>")}  # raw HTML: no CJK flanking trouble


def _cell(cell) -> str:
    out = []
    for run in cell_runs(cell):
        start, end = _MARKS.get(run.style, ("", ""))
        out.append(start + escape(run.text).replace("\n", "<br>") + end)
    return "".join(out)


def table(block: Table) -> str:
    header, *body = block.rows
    lines = ["| " + " | ".join(_cell(c) for c in header) + " |", "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in body]
    return "\n".join(lines)


def lines(texts) -> str:
    """Lines of one paragraph, joined by CommonMark hard breaks (a backslash at the line end)."""
    return "\\\n".join(_line(text) for text in texts)


def write_markdown(document: Document, templates: Templates) -> str:
    templates.env.filters.update(md=_line, md_inline=inline, md_table=table, md_lines=lines)
    context = block_globals(templates.env)
    return templates.render("markdown/document.md.j2", document=document, blocks=document.blocks, **context)
