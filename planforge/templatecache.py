"""Compiled templates kept between runs, in the user's cache folder.

Jinja2 turns every template into Python code before it can run it, paid again
in every new process.  :class:`TemplateCodeCache` keeps the compiled code on
disk, so the next run only loads it.

Never stale: each entry carries the SHA-256 of the template's text as it was
read this time, so an edited template (built-in or the user's override beside
the plan) is compiled afresh, even with the same size and time; the entry's
name also covers the template's file, the Jinja2, Python and planforge
versions and the environment's settings (sandbox, escaping, whitespace rules,
filters and tests), which all shape the compiled code.

Never in the way: a folder that cannot be made or written, or an entry that is
truncated or garbage, means compiling from the text as if there were no
cache.  Entries hold marshalled code objects (as Python's own ``__pycache__``
does) under a fixed header; nothing is unpickled.
"""
from __future__ import annotations

import hashlib
import importlib.util
import marshal
import sys
import types
from pathlib import Path
from typing import Optional

import jinja2
from jinja2.bccache import Bucket, BytecodeCache

from . import __version__
from .usercache import cache_folder, store

_HEADER = b"planforge-template-code\n" + importlib.util.MAGIC_NUMBER  # a Python whose code differs never matches


def _fingerprint(env: jinja2.Environment, name: str) -> str:
    """What besides the text decides the compiled code of template ``name`` in ``env``."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    settings = (
        __version__, jinja2.__version__, type(env).__module__, type(env).__qualname__, env.sandboxed, autoescape,
        env.block_start_string, env.block_end_string, env.variable_start_string, env.variable_end_string,
        env.comment_start_string, env.comment_end_string, env.line_statement_prefix, env.line_comment_prefix,
        env.trim_blocks, env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
        sorted(env.extensions), sorted(env.filters), sorted(env.tests), _own_generator(env),
    )
    return repr(settings)


def _own_generator(env: jinja2.Environment) -> tuple:
    """A code generator of planforge's own (expressions bound their cost in the compiled code): its file's
    size and time, so that a changed generator never runs code compiled by the old one."""
    generator = env.code_generator_class
    if generator.__module__.startswith("jinja2."):
        return ()
    status = Path(sys.modules[generator.__module__].__file__).stat()
    return generator.__qualname__, status.st_size, status.st_mtime_ns


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
        if isinstance(code, types.CodeType):
            bucket.code = code

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self.writable or bucket.code is None:
            return
        data = _HEADER + bucket.checksum.encode("ascii") + b"\n" + marshal.dumps(bucket.code)
        try:
            store(self.folder, self._path(bucket).name, data)
        except OSError:
            self.writable = False  # read-only home, full disk, a file where the folder should be: just compile


def template_code_cache() -> Optional[TemplateCodeCache]:
    folder = cache_folder("templates")
    return TemplateCodeCache(folder) if folder is not None else None
