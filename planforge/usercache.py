"""The user's cache folder: what one run computes that the next can reuse.

Two things cost a fresh process more than rendering a small plan itself:
compiling the templates (kept by :mod:`planforge.templatecache`) and loading
the word segmenter's dictionary (a quarter of a second) to balance a title
that is the same every time; :func:`remembered` keeps such small results as
JSON, keyed by the hash of everything they were computed from.

The cache is an optimisation only: a folder that cannot be made or written,
or an entry that cannot be read, means computing afresh, never an error.
``PLANFORGE_CACHE_DIR`` sets the folder; set it empty to turn the cache off.
"""
from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

from . import __version__

CACHE_ENV = "PLANFORGE_CACHE_DIR"


def cache_folder(kind: str) -> Optional[Path]:
    """Where entries of ``kind`` go: under ``$PLANFORGE_CACHE_DIR``, else under the platform's user cache
    folder (``~/.cache/planforge`` on Linux, ``%LOCALAPPDATA%\\planforge\\Cache`` on Windows); None when off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        if not chosen.strip():
            return None
        folder = Path(chosen) / kind
    else:
        from platformdirs import user_cache_dir

        folder = Path(user_cache_dir("planforge", appauthor=False)) / kind
    return folder if _private(folder) else None


def _private(folder: Path) -> bool:
    """Whether only this user can have written ``folder`` (or it does not exist yet).

    A compiled template from the cache runs as Python, outside the sandbox: a folder someone else
    owns, or may write to (a shared ``PLANFORGE_CACHE_DIR``), is not used at all."""
    if not hasattr(os, "getuid"):  # Windows: the user's own profile folder, private by its ACL
        return True
    try:
        info = folder.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and not info.st_mode & 0o022


def store(folder: Path, name: str, data: bytes) -> None:
    """A cache entry, written beside and then renamed: a process reading at the same time sees the old entry
    or the new one.  Not synced to disk (unlike :func:`planforge.output.write_atomic` for the user's files):
    an entry lost in a crash is only made again."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if not _private(folder):  # made by someone else between the look and the mkdir
        return
    fd, temp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, folder / name)
    except BaseException:
        os.unlink(temp)
        raise


def remembered(kind: str, key: tuple, compute: Callable[[], Any], valid: Callable[[Any], bool] = lambda value: True) -> Any:
    """``compute()``, or what it returned last time for the same ``key`` (JSON-able values only).

    ``key`` must list everything the result depends on; a stored value that is not ``valid`` is computed again."""
    folder = cache_folder(kind)
    if folder is None:
        return compute()
    name = hashlib.sha256(json.dumps([__version__, *key], ensure_ascii=False).encode("utf-8")).hexdigest() + ".json"
    try:
        value = json.loads((folder / name).read_bytes())["value"]
        if valid(value):
            return value
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not there yet, or not readable: compute it
    value = compute()
    try:
        store(folder, name, json.dumps({"value": value}, ensure_ascii=False).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass
    return value
