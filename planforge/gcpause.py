"""Pausing Python's cyclic garbage collector around bulk work.

Loading or writing a large plan creates millions of small, short-lived
objects; the cyclic collector would rescan the growing heap again and again,
making cost grow faster than the plan (measured: 10× the tasks took 24× the
time).  Nothing these calls build needs cycle collection before they return,
so the collector is paused for the call and restored afterwards.
"""
from __future__ import annotations

import functools
import gc
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)


def gc_paused(fn: F) -> F:
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper  # type: ignore[return-value]
