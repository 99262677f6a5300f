"""One plan through ``planforge check``: validation, lint, and the safe fixes.

``--fix`` never risks the user's file: the fixed text is loaded in memory
first and written only if it breaks nothing, in one atomic replace.  The fix
is applied to the file's own bytes, so everything it did not mean to change —
encoding, byte-order mark, CRLF line ends, file mode, a symlink (its target is
fixed) — stays as it was.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .diagnostics import Diagnostic, PlanError
from .lint import Fix, apply_fixes, ignored_codes, lint
from .load import load_plan
from .output import OutputError, write_atomic

BOM = "\ufeff"


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    problems: list[str] = field(default_factory=list)  # why a fix was not written


def diagnose(path: Path, org: Optional[Path] = None, text: Optional[str] = None):
    """(diagnostics, lint findings) — a plan that does not load has only its errors.

    The diagnostics are what ``check`` prints; the findings add where a fix would go
    (the preview marks that text).  With ``text``, that text is checked as if it were
    the file (how a fix is tried before it is written)."""
    try:
        loaded = load_plan(path, org, text=text)
    except PlanError as exc:
        return exc.diagnostics, []
    findings = lint(loaded)
    ignore = ignored_codes(loaded)
    # the linter reports PF111 itself, with the exact place and a fix
    warnings = [w for w in loaded.warnings if w.code != "PF111" and w.code not in ignore]
    return sorted(warnings + [f.diagnostic for f in findings], key=lambda d: (d.position, d.code)), findings


def _raw_offsets(raw: str) -> list[int]:
    """Index in ``raw`` of each index of the text as loaded (BOM dropped, CRLF read as LF)."""
    offsets, start = [], 1 if raw.startswith(BOM) else 0
    for index in range(start, len(raw)):
        if raw[index] == "\r" and raw.startswith("\r\n", index):
            continue
        offsets.append(index)
    offsets.append(len(raw))
    return offsets


def fix_raw_text(raw: str, fixes: list[Fix]) -> tuple[str, int]:
    """Apply fixes found on the loaded text to the file's raw text, touching nothing else."""
    offsets = _raw_offsets(raw)
    mapped = [Fix(offsets[f.start], offsets[f.end], f.replacement) for f in fixes]
    return apply_fixes(raw, mapped)


def check_plan(path: Path, org: Optional[Path] = None, fix: bool = False) -> CheckResult:
    diagnostics, findings = diagnose(path, org)
    result = CheckResult(diagnostics)
    fixes = [f.fix for f in findings if f.fix and f.diagnostic.position.file == str(path)]
    if not (fix and fixes):
        return result
    raw = path.read_bytes().decode("utf-8")  # it just loaded, so it is UTF-8
    fixed_raw, count = fix_raw_text(raw, fixes)
    after, _ = diagnose(path, org, text=fixed_raw)
    before = {d.code for d in diagnostics if d.severity == "error"}
    if any(d.severity == "error" and d.code not in before for d in after):
        result.problems.append(f"{path}: 改正后计划将无法读取，未改动文件，请手工修改：{after[0]}")
        return result
    try:
        write_atomic(path, fixed_raw.encode("utf-8"))
    except OutputError as exc:
        result.problems.append(f"{exc}已改正的 {count} 处未写入。")
        return result
    return CheckResult(after, count)
