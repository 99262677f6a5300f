"""The typed draft the importer assembles: what it found, before it becomes YAML.

Plain dataclasses (not the pydantic model): a draft may still be incomplete
(no year yet, no issuer) and carries what the writer and the summary need
(where a responsibility note ended a task, the org facts it learnt).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass
class DraftMetric:
    name: str
    target: float
    unit: str
    compare: str  # >=, <=, >, <, =


@dataclass
class DraftGoal:
    name: str = ""
    text: str = ""  # empty when the metrics say it all
    metrics: list[DraftMetric] = field(default_factory=list)


@dataclass
class DraftGoals:
    items: list[DraftGoal] = field(default_factory=list)
    label: Optional[str] = None  # 总体目标 when the goals are a numbered part of their own
    intro: Optional[str] = None  # 主要目标是：
    table: bool = False


@dataclass
class DraftTask:
    title: str
    body: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)
    deadline: Optional[str] = None
    noted_at: Optional[int] = None  # the body paragraph that ended with the responsibility note


@dataclass
class DraftSection:
    title: str
    paragraphs: list[str] = field(default_factory=list)
    tasks: list[DraftTask] = field(default_factory=list)
    rows: list[tuple[tuple[str, ...], int]] = field(default_factory=list)  # tables, with where they were
    sub_items: list[int] = field(default_factory=list)  # where （一） paragraphs were


@dataclass
class DraftNotice:
    doc_number: Optional[str] = None
    title: Optional[str] = None
    recipients: Optional[str] = None
    body: list[str] = field(default_factory=list)
    date: Optional[str] = None
    note: Optional[str] = None
    attachment: bool = False
    cc: list[str] = field(default_factory=list)
    printed_by: Optional[str] = None
    printed_date: Optional[str] = None
    signature: list[str] = field(default_factory=list)

    def found(self) -> list[str]:
        """The parts the document had, in the order of the model (for the summary and the writer)."""
        keys = ("doc_number", "title", "recipients", "body", "date", "note", "attachment", "cc", "printed_by", "printed_date")
        return [k for k in keys if getattr(self, k)]


@dataclass
class DraftOrg:
    """What the document says about the organisation: goes to org.yaml."""

    issuer: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)  # in order of first use
    label: Optional[str] = None  # 责任科室, 责任单位, 责任股室 …
    lead_remark: bool = False  # “排名第一的为牵头科室”

    def learn(self, names: list[str]) -> None:
        self.departments += [n for n in names if n not in self.departments]


@dataclass
class DraftPlan:
    kind: str = "工作要点"
    year: Optional[int] = None
    title: Optional[str] = None  # as the document wrote it; None when there was no title line
    issuers: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    preamble_label: Optional[str] = None
    goals: Optional[DraftGoals] = None
    numbering: str = "continuous"
    sections: list[DraftSection] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    notice: DraftNotice = field(default_factory=DraftNotice)
    org: DraftOrg = field(default_factory=DraftOrg)

    def task_count(self) -> int:
        return sum(len(s.tasks) for s in self.sections)


@dataclass
class ImportStats:
    """What the cleaning changed and how the file was read, for the summary."""

    normalised: int = 0  # punctuation and spaces corrected
    simplified: int = 0  # traditional characters converted
    notes: list[str] = field(default_factory=list)  # e.g. converted by LibreOffice
