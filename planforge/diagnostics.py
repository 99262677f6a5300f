"""Diagnostics: what went wrong, where, in the user's language.

Every problem the tool finds is a :class:`Diagnostic` with a stable code and a
position, printed ruff-style as ``path:line:col: 错误: [PF102] message``.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Literal

Severity = Literal["error", "warning"]
SEVERITY_LABEL = {"error": "错误", "warning": "警告"}


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1."""

    file: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.col}"


@dataclass(frozen=True)
class Diagnostic:
    code: str
    message: str
    position: Position
    severity: Severity = "error"

    def __str__(self) -> str:
        return f"{self.position}: {SEVERITY_LABEL[self.severity]}: [{self.code}] {self.message}"

    def to_json(self) -> dict:
        return {
            "file": self.position.file,
            "line": self.position.line,
            "col": self.position.col,
            "severity": self.severity,
            "code": self.code,
            "message": self.message,
        }


class PlanError(Exception):
    """Raised when a plan cannot be used; carries every diagnostic found so far."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__("\n".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} 个错误，{warnings} 个警告"

