"""Writing outputs atomically, and never over a source file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable


class OutputError(Exception):
    """An output could not be written; the message is for the user."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, data: bytes | str, sources: Iterable[Path] = ()) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename.

    A reader (or Word) never sees half a file, a failure leaves the old file
    untouched, and a path that is one of ``sources`` is refused outright."""
    path = Path(path)
    target = path.resolve()
    if any(target == Path(s).resolve() for s in sources):
        raise OutputError(f"拒绝写入 {path}：这是输入文件本身，输出会覆盖它。请换一个输出位置。")
    if isinstance(data, str):
        data = data.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise OutputError(f"无法写入 {path}：{exc.strerror}。") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give it a normal file's mode
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        hint = "（文件是否正在 Word/WPS 中打开？）" if isinstance(exc, PermissionError) else ""
        raise OutputError(f"无法写入 {path}：{exc.strerror}{hint}。") from None
