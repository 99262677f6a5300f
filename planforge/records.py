"""Frozen dataclasses that are quick to make.

``@dataclass(frozen=True)`` compiles six methods for every class (``__init__``,
``__repr__``, ``__eq__``, ``__hash__``, ``__setattr__``, ``__delattr__``), about
1 ms a class; the plan model and the document blocks, some thirty classes, are
made at every start of the program (issue 13).  :func:`record` compiles only
the three that differ by class and takes equality, hashing and repr from
:class:`Record`, written once over the fields, with the same behaviour as the
generated ones.
"""
from __future__ import annotations

import dataclasses
from typing import Callable, TypeVar

T = TypeVar("T", bound=type)


class Record:
    """Base of the classes made by :func:`record`."""

    __slots__ = ()

    def _values(self) -> tuple:
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return f"{type(self).__name__}({', '.join(f'{f.name}={getattr(self, f.name)!r}' for f in dataclasses.fields(self))})"


def record(cls: T = None, *, kw_only: bool = False) -> T | Callable[[T], T]:
    """``@record`` or ``@record(kw_only=True)`` on a subclass of :class:`Record`: a frozen dataclass."""

    def make(cls: T) -> T:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__name__} must derive from Record")
        return dataclasses.dataclass(frozen=True, kw_only=kw_only, eq=False, repr=False)(cls)

    return make(cls) if cls is not None else make
