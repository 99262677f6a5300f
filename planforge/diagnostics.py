"""Diagnostics: what went wrong, where, in the user's language.

Every problem the tool finds is a :class:`Diagnostic` with a stable code and a
position, printed ruff-style as ``path:line:col: 错误: [PF102] message``.  The
code must be in the registry (:mod:`planforge.codes`), which also gives its
level; every error the user is meant to see is a :class:`PlanforgeError`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Iterable, Literal, Optional, Union

from .records import Record, record


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


@record
class Diagnostic(Record):
    """One finding.  ``severity`` defaults to the code's level in the registry; it may
    only raise a warning to an error (a plan that must load cleanly), never lower one."""

    code: str
    message: str
    position: Position
    severity: Optional[Severity] = None

    def __post_init__(self) -> None:
        from .codes import REGISTRY  # here, not at the top: a run without findings never needs the registry

        entry = REGISTRY.get(self.code)
        if entry is None:
            raise ValueError(f"diagnostic code {self.code} is not in planforge.codes")
        if self.severity is None:
            object.__setattr__(self, "severity", entry.level)
        elif entry.level == "error" and self.severity != "error":
            raise ValueError(f"{self.code} is an error in planforge.codes; it cannot be reported as {self.severity}")

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


class PlanforgeError(Exception):
    """What a command reports to the user and stops on: its diagnostics (or, where
    there is no position to give, a ready message) and the exit code to end with.

    Every error meant for the user derives from this, so that the command line has
    one way to report them (:func:`planforge.cli.guarded`)."""

    exit_code = 2

    def __init__(self, problem: Union[list[Diagnostic], str], exit_code: Optional[int] = None):
        self.diagnostics: list[Diagnostic] = [] if isinstance(problem, str) else list(problem)
        text = problem if isinstance(problem, str) else format_text(self.diagnostics)
        super().__init__(text)
        if exit_code is not None:
            self.exit_code = exit_code


class PlanError(PlanforgeError):
    """A plan (or a template it uses) cannot be used; carries every diagnostic found.

    ``parsed`` is the file's data and positions when the YAML itself was readable,
    so that ``check`` can still look at the text (all errors in one run)."""

    def __init__(self, diagnostics: list[Diagnostic], parsed=None):
        super().__init__(diagnostics)
        self.parsed = parsed


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "\n".join(str(d) for d in diagnostics)


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps([d.to_json() for d in diagnostics], ensure_ascii=False, indent=2)


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} 个错误，{warnings} 个警告"

