"""What a run computes that the next run can reuse, kept in the user's cache folder.

Two things cost a fresh process more than rendering a small plan itself:

- Jinja2 turns every template into Python code before it can run it, paid
  again in every new process.  :class:`TemplateCodeCache` keeps the compiled
  code on disk, so the next run only loads it.
- Balancing a long title loads the word segmenter's dictionary (a quarter of a
  second) for a title that is the same every time.  :func:`remembered` keeps
  such small results (where a title's words start) as JSON.

Never stale: each template entry carries the SHA-256 of the template's text as it was
read this time, so an edited template (built-in or the user's override beside
the plan) is compiled afresh; the entry's name also covers the template's file,
the Jinja2 and Python versions and the environment's settings (sandbox,
escaping, whitespace rules), which all shape the compiled code.

Never in the way: the cache is an optimisation only.  A folder that cannot be
made or written, or an entry that is truncated or garbage, means compiling
from the text as if there were no cache.  Entries hold marshalled code objects
(as Python's own ``__pycache__`` does) under a fixed header; nothing is
unpickled.  A remembered result is keyed by the hash of everything it was
computed from, as the caller lists it.  ``PLANFORGE_CACHE_DIR`` sets the folder; set it empty to turn the
cache off.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import marshal
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, Optional

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from . import __version__

CACHE_ENV = "PLANFORGE_CACHE_DIR"
_HEADER = b"planforge-template-code\n" + importlib.util.MAGIC_NUMBER  # a Python whose code differs never matches


def cache_folder(kind: str) -> Optional[Path]:
    """Where entries of ``kind`` go: under ``$PLANFORGE_CACHE_DIR``, else under the platform's user cache
    folder (``~/.cache/planforge`` on Linux, ``%LOCALAPPDATA%\\planforge\\Cache`` on Windows); None when off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) / kind if chosen.strip() else None
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planforge", appauthor=False)) / kind


def _write_atomic(folder: Path, name: str, data: bytes) -> None:
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


def remembered(kind: str, key: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, or what it returned last time for the same ``key`` (JSON-able values only).

    ``key`` must list everything the result depends on."""
    folder = cache_folder(kind)
    if folder is None:
        return compute()
    name = hashlib.sha256(json.dumps([__version__, *key], ensure_ascii=False).encode("utf-8")).hexdigest() + ".json"
    try:
        return json.loads((folder / name).read_bytes())["value"]
    except (OSError, ValueError, KeyError, TypeError):
        pass  # not there yet, or not readable: compute it
    value = compute()
    try:
        _write_atomic(folder, name, json.dumps({"value": value}, ensure_ascii=False).encode("utf-8"))
    except (OSError, TypeError, ValueError):
        pass
    return value


def _fingerprint(env: jinja2.Environment, name: str) -> str:
    """What besides the text decides the compiled code of template ``name`` in ``env``."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    settings = (
        __version__, jinja2.__version__, type(env).__module__, type(env).__qualname__, env.sandboxed, autoescape,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        sorted(env.extensions), sorted(env.filters), sorted(env.tests),
    )
    return repr(settings)


class TemplateCodeCache(BytecodeCache):
    """Jinja2 bytecode cache: one file per template, checked against the text's hash on every load."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.writable = True  # set False after the first failed write: no retry on every template

    def get_bucket(self, environment, name, filename, source) -> Bucket:
        key = hashlib.sha256(f"{_fingerprint(environment, name)}|{name}|{filename}".encode("utf-8")).hexdigest()
        bucket = Bucket(environment, key, hashlib.sha256(source.encode("utf-8")).hexdigest())
        self.load_bytecode(bucket)
        return bucket

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}.code"

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return
        expected = _HEADER + bucket.checksum.encode("ascii") + b"\n"
        if not data.startswith(expected):
            return  # another text, another Python, or not ours: compile again
        try:
            code = marshal.loads(data[len(expected):])
        except (EOFError, ValueError, TypeError):
            return  # truncated or garbage
        if type(code).__name__ == "code":
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.writable or bucket.code is None:
            return
        data = _HEADER + bucket.checksum.encode("ascii") + b"\n" + marshal.dumps(bucket.code)
        try:
            _write_atomic(self.folder, self._path(bucket).name, data)
        except OSError:
            self.writable = False  # read-only home, full disk, a file where the folder should be: just compile


def template_code_cache() -> Optional[TemplateCodeCache]:
    folder = cache_folder("templates")
    return TemplateCodeCache(folder) if folder is not None else None
