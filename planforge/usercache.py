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
        return Path(chosen) / kind if chosen.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planforge", appauthor=False)) / kind


def write_atomic(folder: Path, name: str, data: bytes) -> None:
    """Write beside, then rename: a process reading at the same time sees the old entry or the new one."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
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
        write_atomic(folder, name, json.dumps({"value": value}, ensure_ascii=False).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass
    return value
