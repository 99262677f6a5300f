"""The logical document: an ordered list of blocks with roles and text runs.

This is the only thing writers see.  A writer knows what a ``heading1`` or a
``task`` looks like in its format; it knows nothing about plans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# Run styles: ``number`` (一、 1. （一）), ``lead`` (the run-in first sentence),
# ``note`` (the responsibility note), ``""`` plain text.
RunStyle = Literal["", "number", "lead", "note"]


@dataclass(frozen=True)
class Run:
    text: str
    style: RunStyle = ""


@dataclass(frozen=True)
class Block:
    """One paragraph-like unit.

    Roles in a plan: ``title``, ``heading1``, ``paragraph``, ``goal``, ``task``,
    ``table``.  Extra roles in a notice: ``mark`` (lines: issuing bodies; extra:
    the 文件 suffix), ``doc-number``, ``recipients``, ``attachment``,
    ``signature`` (lines: issuing bodies; extra: the date), ``remark`` (附注),
    ``page-break``, ``attachment-label``, ``imprint`` (版记 — lines: the 抄送
    line if any; extra: printed-by and printed date).
    """

    role: str
    runs: tuple[Run, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()  # tables: header row first
    lines: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Document:
    kind: Literal["plan", "notice"]
    title: str
    blocks: list[Block] = field(default_factory=list)
