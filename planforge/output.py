"""Writing outputs atomically, as a set, and never over a source.

Every file planforge writes goes through :func:`write_outputs`: each output is
first written completely to a temporary file beside its target, and only when
all of them are ready are they renamed into place.  A failure before that
point leaves every old file untouched; a kill at any point leaves each target
either old or new, never half-written.  Temporaries carry the writer's process
id, so that the next run removes the ones a killed run left behind.

A target that is one of the command's sources (a plan it read, the org.yaml
the plans use, anything inside a template folder) is refused outright — with
or without ``--force`` — also through a symlink or a hard link.
"""
from __future__ import annotations

import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Sequence

from .diagnostics import PlanforgeError


class OutputError(PlanforgeError):
    """An output could not be written; the message is for the user."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _identity(path: Path) -> Optional[tuple[int, int]]:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_dev, info.st_ino


@dataclass
class Sources:
    """What a command read: files it must not write over, and folders it must not write into."""

    files: list[Path] = field(default_factory=list)
    folders: list[Path] = field(default_factory=list)

    @classmethod
    def of(cls, files: Iterable[Optional[Path]] = (), folders: Iterable[Optional[Path]] = ()) -> "Sources":
        return cls([Path(f) for f in files if f is not None], [Path(d) for d in folders if d is not None])

    def __add__(self, other: "Sources") -> "Sources":
        return Sources(self.files + other.files, self.folders + other.folders)

    def guards(self, path: Path) -> Optional[str]:
        """Why ``path`` must not be written, or None."""
        target = path.resolve()
        ident = _identity(target)
        for source in self.files:
            if target == source.resolve() or (ident is not None and ident == _identity(source)):
                kind = "组织设置文件" if source.name == "org.yaml" else "输入文件"
                return f"这是本次读取的{kind}（{source}），输出会覆盖它"
        for folder in self.folders:
            root = folder.resolve()
            if target == root or root in target.parents:
                return f"这在模板文件夹 {folder} 中，输出会覆盖模板"
        return None


def plan_sources(plan: Path, org: Optional[Path] = None, templates: Optional[Path] = None) -> Sources:
    """What rendering ``plan`` reads: the plan, its org.yaml, its template folders (user and built-in)."""
    from .load import find_org_file
    from .render import user_template_dirs
    from .templating import builtin_templates

    org_file = org or find_org_file(plan)
    return Sources.of([plan, org_file], [*user_template_dirs(plan, templates), builtin_templates()])


_TMP = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)\.[^.]+\.tmp$")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def clean_stale_temporaries(target: Path) -> None:
    """Remove temporaries for ``target`` that a killed run left behind (their writer is gone)."""
    try:
        candidates = list(target.parent.glob(f".{glob_escape(target.name)}.*.tmp"))
    except OSError:
        return
    for tmp in candidates:
        match = _TMP.match(tmp.name)
        if match and match["name"] == target.name and not _alive(int(match["pid"])):
            try:
                tmp.unlink()
            except OSError:
                pass


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _real_target(path: Path) -> Path:
    """A symlinked target is written through: the link stays, its target gets the new text."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def _check_target(path: Path, sources: Sources) -> None:
    reason = sources.guards(path)
    if reason:
        raise OutputError(f"拒绝写入 {path}：{reason}。请换一个输出位置。")
    if path.is_dir():
        raise OutputError(f"无法写入 {path}：这是一个文件夹。")
    if path.exists():
        info = path.stat()
        if not os.access(path, os.W_OK):
            raise OutputError(f"无法写入 {path}：文件是只读的，未改动。")
        if info.st_nlink > 1:
            raise OutputError(f"未写入 {path}：此文件有 {info.st_nlink} 个硬链接，替换它会断开链接；请先复制出一个独立的文件。")


def _stage(path: Path, data: bytes) -> Path:
    """The complete new content in a temporary beside ``path``, with the old file's mode."""
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_stale_temporaries(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o666 & ~_umask()
        os.chmod(tmp, mode)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _message(path: Path, exc: OSError) -> str:
    hint = "（文件是否正在 Word/WPS 中打开？）" if isinstance(exc, PermissionError) else ""
    return f"无法写入 {path}：{exc.strerror or exc}{hint}。"


def write_outputs(outputs: Sequence[tuple[Path, bytes | str]], sources: Sources | Iterable[Path] = ()) -> None:
    """Write every output or none: all are checked and staged before the first is replaced."""
    if not isinstance(sources, Sources):
        sources = Sources.of(sources)
    targets = [(Path(p), _real_target(Path(p)), d.encode("utf-8") if isinstance(d, str) else d) for p, d in outputs]
    seen: dict[Path, Path] = {}
    for shown, real, _ in targets:
        _check_target(shown, sources)
        if real.resolve() in seen:
            raise OutputError(f"拒绝写入 {shown}：与 {seen[real.resolve()]} 是同一个输出文件，后写的会覆盖先写的。")
        seen[real.resolve()] = shown
    staged: list[tuple[Path, Path, Path]] = []
    backups: dict[Path, Optional[Path]] = {}
    done: list[Path] = []
    try:
        for shown, real, data in targets:
            try:
                staged.append((shown, real, _stage(real, data)))
                if len(targets) > 1:
                    backups[real] = _backup(real)
            except OSError as exc:
                raise OutputError(_message(shown, exc)) from None
        for shown, real, tmp in staged:
            try:
                os.replace(tmp, real)
                done.append(real)
            except OSError as exc:
                _roll_back(done, backups)
                raise OutputError(_message(shown, exc)) from None
    finally:
        for tmp in [t for _, _, t in staged] + [b for b in backups.values() if b is not None]:
            tmp.unlink(missing_ok=True)


def _backup(real: Path) -> Optional[Path]:
    """A second name for the old file, so that a set can be put back if a later rename fails."""
    if not real.exists():
        return None
    backup = real.with_name(f".{real.name}.{os.getpid()}.old.tmp")
    try:
        backup.unlink(missing_ok=True)
        os.link(real, backup)
    except OSError:  # no hard links on this file system: the set is then only as safe as its renames
        return None
    return backup


def _roll_back(done: list[Path], backups: dict[Path, Optional[Path]]) -> None:
    for real in reversed(done):
        try:
            old = backups.get(real)
            if old is not None:
                os.replace(old, real)
            else:
                real.unlink()
        except OSError:
            pass


def write_atomic(path: Path, data: bytes | str, sources: Sources | Iterable[Path] = ()) -> None:
    """One output: see :func:`write_outputs`."""
    write_outputs([(Path(path), data)], sources)
