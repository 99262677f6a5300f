"""Check loaded YAML against the plan's declaration (:mod:`planforge.typed`) and build the typed objects.

Every problem is collected, not only the first, as a :class:`Problem` with the path
of keys and indexes to the value (``("sections", 0, "tasks", 3, "title")``), which
:mod:`planforge.load` turns into a Chinese message at file:line:col.  The rules are
those of the declaration as pydantic reads it (unknown keys refused, numbers taken as
text where text is expected, text stripped, strict numbers and switches); the tests
validate generated plans with both and require the same result and the same problems
(tests/test_validation.py).

A checker is built once per class from the type hints, as a tree of closures, so
that 10,000 tasks cost a few function calls each.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import re
import types
import typing
from dataclasses import field
from typing import Any, Callable, NamedTuple, Optional

from .records import Record, record
from .typed import STRICT, After, Before, Invalid, Pattern, Spec, default_of, hints, is_model

Loc = tuple  # of str keys and int indexes
Check = Callable[[Any, Loc, list], Any]


@record
class Problem(Record):
    """What is wrong at ``loc``: ``kind`` is a PF code (from :class:`Invalid`) or a type error's name
    (``string_type``, ``missing``, ``extra_forbidden``…); ``ctx`` holds the figures for the message."""

    kind: str
    loc: Loc
    value: Any
    message: str = ""
    ctx: dict = field(default_factory=dict)


def validate(cls: type, data: Any) -> tuple[Any, list[Problem]]:
    """``(object, [])`` when ``data`` is valid, else ``(None, every problem)``."""
    problems: list[Problem] = []
    value = _model_check(cls)(data, (), problems)
    return (None, problems) if problems else (value, [])


# --------------------------------------------------------------------------- building the checkers


class _Rules(NamedTuple):
    """The constraints on the innermost value of a field."""

    strict: bool = False
    ge: Optional[float] = None
    le: Optional[float] = None
    min_length: Optional[int] = None
    allow_inf_nan: bool = True
    pattern: Optional[str] = None


@functools.cache
def _model_check(cls: type) -> Check:
    fields = []
    types_ = hints(cls)
    for f in dataclasses.fields(cls):
        spec: Spec = f.metadata["spec"]
        rules = _Rules(spec.strict, spec.ge, spec.le, spec.min_length, spec.allow_inf_nan)
        check = _build(types_[f.name], rules)
        for fn in spec.after:
            check = _after(check, fn)
        fields.append((f.name, check, default_of(f)))
    names = frozenset(name for name, _, _ in fields)

    def check_model(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, cls):
            return value
        if not isinstance(value, dict):
            problems.append(Problem("model_type", loc, value, ctx={"class_name": cls.__name__}))
            return None
        before = len(problems)
        values = {}
        for name, check, default in fields:
            if name in value:
                values[name] = check(value[name], loc + (name,), problems)
            elif default is not None:
                values[name] = default()
            else:
                problems.append(Problem("missing", loc + (name,), value))
        if not names.issuperset(value):
            problems += [Problem("extra_forbidden", loc + (key,), value[key]) for key in value if key not in names]
        return cls(**values) if len(problems) == before else None

    return check_model


def _build(tp: Any, rules: _Rules) -> Check:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        base, *markers = typing.get_args(tp)
        for marker in markers:
            if marker is STRICT:
                rules = rules._replace(strict=True)
            elif isinstance(marker, Pattern):
                rules = rules._replace(pattern=marker.regex)
        check = _build(base, rules)
        for marker in markers:  # later markers wrap earlier ones, as in pydantic
            if isinstance(marker, Before):
                check = _before(check, marker.fn)
            elif isinstance(marker, After):
                check = _after(check, marker.fn)
        return check
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        members = [a for a in args if a is not type(None)]
        if len(members) == 1:
            return _nullable(_build(members[0], rules)) if len(args) > 1 else _build(members[0], rules)
        if type(None) in args:
            raise TypeError(f"validation: an optional union is not supported: {tp!r}")
        return _union([(_TAGS[m], _build(m, rules._replace(strict=True))) for m in members])
    if origin is typing.Literal:
        return _literal(typing.get_args(tp))
    if origin is list:
        (item,) = typing.get_args(tp)
        return _list(_build(item, _Rules(strict=rules.strict)), rules.min_length)
    if origin is dict:
        key, item = typing.get_args(tp)
        return _dict(_build(key, _Rules(strict=rules.strict)), _build(item, _Rules(strict=rules.strict)))
    if is_model(tp):
        return _model_check(tp)  # built now: no class of the model contains itself
    scalar = _SCALARS.get(tp)
    if scalar is None:
        raise TypeError(f"validation: no checker for {tp!r}")
    return scalar(rules)


_TAGS = {bool: "bool", float: "float", str: "str", int: "int"}


def _nullable(check: Check) -> Check:
    return lambda value, loc, problems: None if value is None else check(value, loc, problems)


def _before(check: Check, fn: Callable[[Any], Any]) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        try:
            normalised = fn(value)
        except Invalid as exc:
            problems.append(Problem(exc.code, loc, value, str(exc), exc.ctx))
            return None
        return check(normalised, loc, problems)

    return run


def _after(check: Check, fn: Callable[[Any], Any]) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        before = len(problems)
        result = check(value, loc, problems)
        if len(problems) > before:
            return None
        try:
            return fn(result)
        except Invalid as exc:
            problems.append(Problem(exc.code, loc, value, str(exc), exc.ctx))
            return None

    return run


def _union(members: list[tuple[str, Check]]) -> Check:
    """The first member that takes the value as it is (a switch, a number, a text); else every member's complaint."""

    def run(value: Any, loc: Loc, problems: list) -> Any:
        complaints: list[Problem] = []
        for tag, check in members:
            trial: list[Problem] = []
            result = check(value, loc + (tag,), trial)
            if not trial:
                return result
            complaints += trial
        problems += complaints
        return None

    return run


def _literal(allowed: tuple) -> Check:
    quoted = [repr(a) for a in allowed]
    expected = quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"

    def run(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, str) and value in allowed:
            return value
        problems.append(Problem("literal_error", loc, value, ctx={"expected": expected}))
        return None

    return run


def _list(item: Check, min_length: Optional[int]) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        if not isinstance(value, (list, tuple)):
            problems.append(Problem("list_type", loc, value))
            return None
        before = len(problems)
        items = [item(v, loc + (i,), problems) for i, v in enumerate(value)]
        if len(problems) > before:
            return None
        if min_length is not None and len(items) < min_length:
            problems.append(Problem("too_short", loc, value, ctx={"field_type": "List", "min_length": min_length,
                                                                   "actual_length": len(items)}))
            return None
        return items

    return run


def _dict(key: Check, item: Check) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        if not isinstance(value, dict):
            problems.append(Problem("dict_type", loc, value))
            return None
        before = len(problems)
        out = {}
        for k, v in value.items():
            checked_key = key(k, loc + (k, "[key]"), problems)
            out[checked_key] = item(v, loc + (k,), problems)
        return out if len(problems) == before else None

    return run


# --------------------------------------------------------------------------- scalars


def _text(rules: _Rules) -> Check:
    pattern = re.compile(rules.pattern) if rules.pattern else None

    def run(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, str):
            text = value.strip()
        elif not rules.strict and isinstance(value, (int, float)) and not isinstance(value, bool):
            text = str(value)  # ``doc_number: 2``, a department ``name: 110``
        else:
            problems.append(Problem("string_type", loc, value))
            return None
        if rules.min_length is not None and len(text) < rules.min_length:
            problems.append(Problem("string_too_short", loc, value, ctx={"min_length": rules.min_length}))
            return None
        if pattern is not None and not pattern.search(text):
            problems.append(Problem("string_pattern_mismatch", loc, value, ctx={"pattern": rules.pattern}))
            return None
        return text

    return run


def _bounded(kind: str, rules: _Rules, accept: Callable[[Any], bool], convert: Callable[[Any], Any]) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, bool) or not accept(value):
            problems.append(Problem(f"{kind}_type", loc, value))
            return None
        number = convert(value)
        if not rules.allow_inf_nan and not math.isfinite(number):
            problems.append(Problem("finite_number", loc, value))
            return None
        if rules.ge is not None and number < rules.ge:
            problems.append(Problem("greater_than_equal", loc, value, ctx={"ge": rules.ge}))
            return None
        if rules.le is not None and number > rules.le:
            problems.append(Problem("less_than_equal", loc, value, ctx={"le": rules.le}))
            return None
        return number

    return run


def _switch(rules: _Rules) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, bool):
            return value
        problems.append(Problem("bool_type", loc, value))
        return None

    return run


def _date(rules: _Rules) -> Check:
    def run(value: Any, loc: Loc, problems: list) -> Any:
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            problems.append(Problem("date_type", loc, value))
            return None
        return value

    return run


def _strict_only(rules: _Rules, kind: str) -> None:
    if not rules.strict:  # the model declares every number and switch strict; a lax one would need pydantic's rules
        raise TypeError(f"validation: {kind} fields must be strict")


def _int(rules: _Rules) -> Check:
    _strict_only(rules, "int")
    return _bounded("int", rules, lambda v: isinstance(v, int), int)


def _float(rules: _Rules) -> Check:
    _strict_only(rules, "float")
    return _bounded("float", rules, lambda v: isinstance(v, (int, float)), float)


def _bool(rules: _Rules) -> Check:
    _strict_only(rules, "bool")
    return _switch(rules)


_SCALARS: dict[Any, Callable[[_Rules], Check]] = {str: _text, int: _int, float: _float, bool: _bool, dt.date: _date}
