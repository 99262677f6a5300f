"""One plan through ``planforge check``: validation, lint, and the safe fixes."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .diagnostics import Diagnostic, PlanError
from .lint import apply_fixes, ignored_codes, lint
from .load import load_plan
from .output import OutputError, write_atomic


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    problems: list[str] = field(default_factory=list)  # why a fix was not written


def diagnose(path: Path, org: Optional[Path] = None):
    """(diagnostics, lint findings) — a plan that does not load has only its errors.

    The diagnostics are what ``check`` prints; the findings add where a fix would go
    (the preview marks that text)."""
    try:
        loaded = load_plan(path, org)
    except PlanError as exc:
        return exc.diagnostics, []
    findings = lint(loaded)
    ignore = ignored_codes(loaded)
    # the linter reports PF111 itself, with the exact place and a fix
    warnings = [w for w in loaded.warnings if w.code != "PF111" and w.code not in ignore]
    return sorted(warnings + [f.diagnostic for f in findings], key=lambda d: (d.position, d.code)), findings


def check_plan(path: Path, org: Optional[Path] = None, fix: bool = False) -> CheckResult:
    diagnostics, findings = diagnose(path, org)
    result = CheckResult(diagnostics)
    fixes = [f.fix for f in findings if f.fix and f.diagnostic.position.file == str(path)]
    if not (fix and fixes):
        return result
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    fixed_text, count = apply_fixes(text, fixes)
    backup = text
    try:
        write_atomic(path, fixed_text)
        after, _ = diagnose(path, org)
        if any(d.severity == "error" and d.code not in {x.code for x in diagnostics} for d in after):
            write_atomic(path, backup)  # a fix must never break a plan: put the file back
            result.problems.append(f"{path}: 改正后计划无法读取，已恢复原文件，请手工修改。")
            return result
    except OutputError as exc:
        result.problems.append(str(exc))
        return result
    return CheckResult(after, count)
