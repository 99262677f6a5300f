"""The logical document: an ordered list of blocks with roles and text runs.

This is the only thing writers see.  A writer knows what a ``heading1`` or a
``task`` looks like in its format; it knows nothing about plans.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

# Run styles: ``number`` (一、 1. （一）), ``lead`` (the run-in first sentence),
# ``note`` (the responsibility note), ``del``/``ins`` (text removed/added in a
# comparison), ``""`` plain text.
RunStyle = Literal["", "number", "lead", "note", "del", "ins"]


@dataclass(frozen=True)
class Run:
    text: str
    style: RunStyle = ""


Cell = Union[str, tuple[Run, ...]]  # a table cell: plain text, or runs


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
    rows: tuple[tuple[Cell, ...], ...] = ()  # tables: header row first
    widths: tuple[float, ...] = ()  # tables: relative column widths, when the composer knows better
    lines: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


def cell_runs(cell) -> tuple[Run, ...]:
    return (Run(cell),) if isinstance(cell, str) else tuple(cell)


def cell_text(cell) -> str:
    return "".join(run.text for run in cell_runs(cell))


@dataclass
class Document:
    kind: Literal["plan", "notice", "comparison", "tasks"]
    title: str
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False
