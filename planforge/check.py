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
from .lint import Finding, Fix, apply_fixes, ignored_codes, lint, lint_parsed
from .load import key_names, load_plan
from .output import OutputError, write_atomic
from .source import key_colons, read_source

BOM = "\ufeff"
UNREADABLE = {"PF000", "PF001", "PF007", "PF008"}  # errors that keep YAML from reading the file


@dataclass
class CheckResult:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    fixed: int = 0
    problems: list[str] = field(default_factory=list)  # why a fix was not written


def diagnose(path: Path, org: Optional[Path] = None, text: Optional[str] = None):
    """(diagnostics, lint findings) — everything wrong with one plan, in one run.

    A plan that YAML reads but that has errors of structure or names gets its text
    checked too; one that YAML cannot read has only its reading errors.  The
    diagnostics are what ``check`` prints; the findings add where a fix would go
    (the preview marks that text).  With ``text``, that text is checked as if it were
    the file (how a fix is tried before it is written)."""
    try:
        loaded = load_plan(path, org, text=text)
    except PlanError as exc:
        return _unloaded(exc, path, text)
    findings = lint(loaded)
    ignore = ignored_codes(loaded)
    # the linter reports PF111 itself, with the exact place and a fix
    warnings = [w for w in loaded.warnings if w.code != "PF111" and w.code not in ignore]
    return sorted(warnings + [f.diagnostic for f in findings], key=lambda d: (d.position, d.code)), findings


def _unloaded(exc: PlanError, path: Path, text: Optional[str]) -> tuple[list[Diagnostic], list[Finding]]:
    """What a plan that did not load gets: its errors, its text findings if YAML read it,
    and the fix of a full-width colon after a key (PF008)."""
    findings, ignore = [], set()
    if exc.parsed is not None:
        findings, ignore = lint_parsed(exc.parsed), exc.parsed.ignored()
    # the linter reports PF111 itself, with the exact place and a fix
    shown = [d for d in exc.diagnostics if d.severity == "error" or d.code not in ignore | {"PF111"}]
    diagnostics = sorted(shown + [f.diagnostic for f in findings], key=lambda d: (d.position, d.code))
    colons = [d for d in exc.diagnostics if d.code == "PF008" and d.position.file == str(path)]
    if colons:
        source = read_source(path, str(path)) if text is None else text.lstrip(BOM).replace("\r\n", "\n")
        found = key_colons(source, key_names())
        findings += [Finding(d, Fix(c.start, c.end, c.replacement)) for d, c in zip(colons, found)]
    return diagnostics, findings


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


# A fix can uncover another (the space after a “.” that became “。”; the text hidden behind a
# full-width colon after a key): fixing is repeated in memory until nothing is left, a few rounds at most.
FIX_ROUNDS = 5


def _own_fixes(findings: list[Finding], path: Path) -> list[Fix]:
    return [f.fix for f in findings if f.fix and f.diagnostic.position.file == str(path)]


def check_plan(path: Path, org: Optional[Path] = None, fix: bool = False) -> CheckResult:
    diagnostics, findings = diagnose(path, org)
    result = CheckResult(diagnostics)
    fixes = _own_fixes(findings, path)
    if not (fix and fixes):
        return result
    fixed_raw = path.read_bytes().decode("utf-8")  # it just loaded, so it is UTF-8
    count, after = 0, diagnostics
    for _ in range(FIX_ROUNDS):
        if not fixes:
            break
        fixed_raw, done = fix_raw_text(fixed_raw, fixes)
        count += done
        after, findings = diagnose(path, org, text=fixed_raw)
        fixes = _own_fixes(findings, path)
    before = {d.code for d in diagnostics if d.severity == "error"}
    if "PF008" in before:  # the fix makes the file readable: errors it hid may appear, but it must now read
        new_errors = [d for d in after if d.code in UNREADABLE]
    else:
        new_errors = [d for d in after if d.severity == "error" and d.code not in before]
    if new_errors:
        result.problems.append(f"{path}: 改正后计划将无法读取，未改动文件，请手工修改：{new_errors[0]}")
        return result
    try:
        write_atomic(path, fixed_raw.encode("utf-8"))
    except OutputError as exc:
        result.problems.append(f"{exc}已改正的 {count} 处未写入。")
        return result
    return CheckResult(after, count)
