"""The logical document: an ordered list of typed blocks holding text runs.

This is the only thing writers see.  There is one small class per kind of
block, as pandoc has one constructor per block: a writer knows what a
:class:`Task` or a :class:`Signature` looks like in its format and nothing
about plans.  A writer that meets a block class it does not handle must fail
(:func:`unknown_block`), never drop it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .records import Record, record
from typing import Literal, Union

# Run styles: ``number`` (一、 1. （一）), ``lead`` (the run-in first sentence),
# ``note`` (the responsibility note), ``del``/``ins`` (text removed/added in a
# comparison), ``""`` plain text.
RunStyle = Literal["", "number", "lead", "note", "del", "ins"]


@record
class Run(Record):
    text: str
    style: RunStyle = ""


Cell = Union[str, tuple[Run, ...]]  # a table cell: plain text, or runs


@record
class Text(Record):
    """A block that is one paragraph of runs."""

    runs: tuple[Run, ...] = ()

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @classmethod
    def of(cls, text: str):
        return cls((Run(text),))


class Title(Text):
    """The document's title (2号小标宋, balanced lines, 7.3.1)."""


class Heading(Text):
    """A first-level heading 一、… (黑体, 7.3.3)."""


class Paragraph(Text):
    """A body paragraph (正文)."""


class Task(Text):
    """A task: run-in number and title, body, responsibility note."""


class Goal(Text):
    """A goal （一）… with its run-in name (second level, 楷体)."""


class Recipients(Text):
    """主送机关 (7.3.2), ending with a full-width colon."""


class DocNumber(Text):
    """发文字号 (7.2.5); the red rule follows it (7.2.7)."""


class Note(Text):
    """附注 (7.3.6): （此件公开发布）."""


class AttachmentLabel(Text):
    """The word 附件 at the top left of an attachment's first page (8)."""


@record
class Table(Record):
    rows: tuple[tuple[Cell, ...], ...]  # header row first
    widths: tuple[float, ...] = ()  # relative column widths, when the composer knows better


@record
class Mark(Record):
    """发文机关标志 (7.2.4): the issuing bodies, one line each, and the suffix 文件."""

    issuers: tuple[str, ...]
    suffix: str = ""


@record
class Attachment(Record):
    """附件说明 (7.3.4): 附件：1.名称 … below the body."""

    names: tuple[str, ...]
    label: str = "附件："

    def lines(self) -> tuple[str, ...]:
        """One line per attachment, numbered 1. 2. … when there are several; the
        label stands before the first only (the others align under it)."""
        if len(self.names) == 1:
            return (self.label + self.names[0],)
        return tuple((self.label if i == 1 else "") + f"{i}.{name}" for i, name in enumerate(self.names, 1))


@record
class Signature(Record):
    """署名 and 成文日期 without a seal (7.3.5.2): one issuer a line, then the date."""

    issuers: tuple[str, ...]
    date: str


CC_LABEL = "抄送："


@record
class Imprint(Record):
    """版记 (7.4): the 抄送 line (starting with CC_LABEL) if any, printed-by and printed date."""

    cc: str
    printed_by: str
    printed_on: str


@record
class PageBreak(Record):
    """The next block starts a new page."""


Block = Union[Title, Heading, Paragraph, Task, Goal, Recipients, DocNumber, Note, AttachmentLabel,
              Table, Mark, Attachment, Signature, Imprint, PageBreak]
BLOCK_TYPES: tuple[type, ...] = Block.__args__


def unknown_block(block) -> None:
    """What a writer does with a block it has no rule for: stop, loudly."""
    raise TypeError(f"this writer cannot write a {type(block).__name__} block")


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
