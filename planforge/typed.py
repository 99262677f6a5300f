"""How the plan's typed data is declared: frozen dataclasses whose fields carry their
Chinese title, description and rules.

One declaration (:mod:`planforge.model`) is read two ways: by :mod:`planforge.validation`,
which checks a loaded YAML file against it on every run, and by pydantic, which writes
the JSON Schema from it (:mod:`planforge.schemagen`) and, in the tests, validates the
same inputs a second time as a witness.  Only the standard library is imported here,
so that ``render`` starts without pydantic's import and model building (≈0.25 s of a
0.45 s run, issue 13).

In ``Annotated[T, …]`` the markers below say how a value becomes a ``T``:
:class:`Before` normalises the raw value, :class:`After` checks the result,
:class:`Pattern` and :data:`STRICT` constrain it, :class:`JsonSchema` and
:class:`SchemaExtra` only shape the schema.  Field-level rules (bounds, lengths,
strictness) go in :func:`spec`.
"""
from __future__ import annotations

import dataclasses
import functools
import typing
from typing import Any, Callable, NamedTuple, Optional, Union

from .records import Record, record

REQUIRED: Any = dataclasses.MISSING


class Invalid(ValueError):
    """A value that is of the right type but wrong (a date that does not exist): a PF code and its message."""

    def __init__(self, code: str, template: str, **ctx: Any) -> None:
        super().__init__(template.format(**ctx))
        self.code, self.template, self.ctx = code, template, ctx


# The markers and Spec are NamedTuples, not dataclasses: a class costs a tenth as much to make, and
# these are made at every start.
class Before(NamedTuple):
    """Normalise the raw value before its type is checked (a text becomes a list of paragraphs).
    ``accepts`` is what the schema tells the editor the field takes."""

    fn: Callable[[Any], Any]
    accepts: Any = None


class After(NamedTuple):
    """Check or tidy a value once it has its type; may raise :class:`Invalid`."""

    fn: Callable[[Any], Any]


class Pattern(NamedTuple):
    """The text must match ``regex``; ``message`` is what the editor says when it does not."""

    regex: str
    message: str


class _Strict:
    """No conversion: a number is not text, ``yes`` is not ``true``."""

    def __repr__(self) -> str:
        return "STRICT"


STRICT = _Strict()


class JsonSchema:
    """The schema of this type, given whole (a date is a text of a certain form).  Compared by identity:
    ``Annotated`` hashes its markers, and a dict cannot be hashed."""

    __slots__ = ("schema",)

    def __init__(self, schema: dict) -> None:
        self.schema = schema


class SchemaExtra:
    """Keys added to this type's schema (compared by identity, as :class:`JsonSchema`)."""

    __slots__ = ("extra",)

    def __init__(self, extra: dict) -> None:
        self.extra = extra


class Spec(NamedTuple):
    """A field's title and description (for the editor) and the rules its value obeys."""

    title: str
    description: str
    examples: tuple = ()
    strict: bool = False
    ge: Optional[float] = None
    le: Optional[float] = None
    min_length: Optional[int] = None
    allow_inf_nan: bool = True
    after: tuple[Callable[[Any], Any], ...] = ()  # run last, after the type's own checks
    schema_extra: Union[dict, Callable[[dict], None], None] = None


def spec(default: Any = REQUIRED, *, factory: Optional[Callable[[], Any]] = None, title: str, description: str,
         examples: tuple | list = (), **rules: Any) -> Any:
    """A field: ``name: T = spec(default, title=…, description=…, ge=…)``; ``factory`` for a fresh list or object."""
    metadata = {"spec": Spec(title, description, tuple(examples), **rules)}
    if factory is not None:
        return dataclasses.field(default_factory=factory, metadata=metadata)
    return dataclasses.field(default=default, metadata=metadata)


class Model(Record):
    """Base of every class of the plan's typed data (made with :func:`model`)."""

    __schema__: tuple[str, str]
    __slots__ = ()


def model(title: str, description: str) -> Callable[[type], type]:
    """Make a class a frozen, keyword-only dataclass with its Chinese title and description for the schema."""

    def make(cls: type) -> type:
        cls = record(cls, kw_only=True)
        cls.__schema__ = (title, description)
        return cls

    return make


def is_model(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, Model)


@functools.cache
def hints(cls: type) -> dict[str, Any]:
    """The fields' types, with their ``Annotated`` markers."""
    fields = dataclasses.fields(cls)
    if any(isinstance(f.type, str) for f in fields):  # a module with postponed annotations: evaluate them
        found = typing.get_type_hints(cls, include_extras=True)
        return {f.name: found[f.name] for f in fields}
    return {f.name: f.type for f in fields}


def field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


def spec_of(cls: type, name: str) -> Spec:
    return next(f.metadata["spec"] for f in dataclasses.fields(cls) if f.name == name)


def default_of(field: dataclasses.Field) -> Callable[[], Any] | None:
    """How to make the field's default, or None when the field is required."""
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory
    if field.default is not dataclasses.MISSING:
        return lambda value=field.default: value
    return None


@functools.cache
def all_field_names(root: type) -> frozenset[str]:
    """Every field name of ``root`` and of the classes inside it: every key its file may have."""
    names: set[str] = set()
    seen: set[type] = set()
    todo: list[Any] = [root]
    while todo:
        tp = todo.pop()
        todo += typing.get_args(tp)
        if is_model(tp) and tp not in seen:
            seen.add(tp)
            names.update(field_names(tp))
            todo += hints(tp).values()
    return frozenset(names)
