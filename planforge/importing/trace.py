"""What the importer tells the user: warnings with their line, and (for ``--explain``)
every piece with the label it got and why."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Position


@dataclass
class Step:
    where: int
    text: str
    label: str
    why: str


@dataclass
class Trace:
    name: str  # the source file, for positions
    unit: str  # 行, 段 or 页
    warnings: list[Diagnostic] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)

    def warn(self, code: str, message: str, where: int | None = None) -> None:
        at = f"（第 {where} {self.unit}）" if where else ""
        self.warnings.append(Diagnostic(code, message + at, Position(self.name, where or 1), "warning"))

    def label(self, where: int, text: str, label: str, why: str) -> None:
        self.steps.append(Step(where, text, label, why))
