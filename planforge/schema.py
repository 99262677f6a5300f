"""The JSON Schemas of a plan file and of org.yaml, for editors and ``check-jsonschema``.

They are generated from the model (:mod:`planforge.model`), never written by
hand, so they cannot drift from what ``load`` accepts: pydantic reads the model's
declaration (:func:`pydantic_model`) and writes the schema.  The same pydantic view
of the model validates plans in the tests, beside planforge's own validator
(:mod:`planforge.validation`), and the two must agree.  Beside the plans they
live as ``plan.schema.json`` and ``org.schema.json``; the first line of a plan
file, ``# yaml-language-server: $schema=./plan.schema.json``, tells the editor
(VS Code with Red Hat's YAML extension) to use it — a path relative to the
plan, so the modeline works in every checkout of the plans repository.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from pathlib import Path
from typing import Any, Callable

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema, create_model
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError, PydanticUndefined

from .typed import STRICT, After, Before, Invalid, JsonSchema, Pattern, SchemaExtra, Spec, hints, is_model

DRAFT = "https://json-schema.org/draft/2020-12/schema"
PLAN_SCHEMA = "plan.schema.json"
ORG_SCHEMA = "org.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="


class _Generator(GenerateJsonSchema):
    """pydantic's generator, told that text fields take numbers too.

    The model coerces numbers to text (``doc_number: 2``, a department ``name: 110``);
    a strict text field (``Field(strict=True)``) does not, and stays ``string``."""

    def str_schema(self, schema) -> dict[str, Any]:
        out = super().str_schema(schema)
        if not schema.get("strict"):
            out["type"] = ["string", "number"]
        return out


def _schema(cls: type) -> dict[str, Any]:
    return {"$schema": DRAFT, **pydantic_model(cls).model_json_schema(schema_generator=_Generator)}


def plan_schema() -> dict[str, Any]:
    from .model import Plan

    return _schema(Plan)


def org_schema() -> dict[str, Any]:
    from .model import Organisation

    return _schema(Organisation)


# --------------------------------------------------------------------------- the model as pydantic reads it

# Every class: unknown keys refused, numbers taken as text, text stripped (as planforge.validation does).
_CONFIG = {"extra": "forbid", "coerce_numbers_to_str": True, "str_strip_whitespace": True, "frozen": True}


@functools.cache
def pydantic_model(cls: type) -> Any:
    """The pydantic model of one class of :mod:`planforge.model`, with the same fields, rules, titles and
    descriptions: what writes the schema, and the tests' second validator."""
    title, description = cls.__schema__
    fields: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        spec: Spec = f.metadata["spec"]
        annotation = _pydantic_type(hints(cls)[f.name])
        if spec.after:
            annotation = typing.Annotated[(annotation, *(AfterValidator(_witness(fn)) for fn in spec.after))]
        fields[f.name] = (annotation, _field(spec, f))
    config = ConfigDict(**_CONFIG, title=title, json_schema_extra={"description": description})
    return create_model(cls.__name__, __config__=config, **fields)


def _field(spec: Spec, f: dataclasses.Field) -> Any:
    rules = {name: getattr(spec, name) for name in ("ge", "le", "min_length") if getattr(spec, name) is not None}
    if spec.strict:
        rules["strict"] = True
    if not spec.allow_inf_nan:
        rules["allow_inf_nan"] = False
    if spec.examples:
        rules["examples"] = list(spec.examples)
    if spec.schema_extra is not None:
        rules["json_schema_extra"] = spec.schema_extra
    if f.default_factory is not dataclasses.MISSING:
        factory = f.default_factory
        rules["default_factory"] = pydantic_model(factory) if is_model(factory) else factory
    elif f.default is not dataclasses.MISSING:
        rules["default"] = f.default
    return Field(title=spec.title, description=spec.description, **rules)


def _pydantic_type(tp: Any) -> Any:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        return typing.Annotated[(_pydantic_type(args[0]), *map(_pydantic_marker, args[1:]))]
    if origin in (typing.Union, types.UnionType):
        return typing.Union[tuple(map(_pydantic_type, args))]
    if origin is list:
        return list[_pydantic_type(args[0])]
    if origin is dict:
        return dict[_pydantic_type(args[0]), _pydantic_type(args[1])]
    if is_model(tp):
        return pydantic_model(tp)
    return tp


def _pydantic_marker(marker: Any) -> Any:
    if marker is STRICT:
        return Strict()
    if isinstance(marker, Pattern):
        return Field(pattern=marker.regex, json_schema_extra={"patternErrorMessage": marker.message})
    if isinstance(marker, Before):
        accepts = PydanticUndefined if marker.accepts is None else _pydantic_type(marker.accepts)
        return BeforeValidator(_witness(marker.fn), json_schema_input_type=accepts)
    if isinstance(marker, After):
        return AfterValidator(_witness(marker.fn))
    if isinstance(marker, JsonSchema):
        return WithJsonSchema(marker.schema)
    if isinstance(marker, SchemaExtra):
        return Field(json_schema_extra=marker.extra)
    raise TypeError(f"schema: unknown marker {marker!r}")


def _witness(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """``fn`` raising pydantic's error where it raises :class:`Invalid`."""

    def run(value: Any) -> Any:
        try:
            return fn(value)
        except Invalid as exc:
            raise PydanticCustomError(exc.code, exc.template, exc.ctx) from None

    return run


def schema_text(org: bool = False) -> str:
    """The schema as the file holds it (stable order, Chinese unescaped)."""
    return json.dumps(org_schema() if org else plan_schema(), ensure_ascii=False, indent=2) + "\n"


def schema_files(folder: Path, org_folder: Path | None = None) -> list[tuple[Path, str]]:
    """The plan schema for ``folder`` and the org.yaml schema for ``org_folder`` (default the same), as (path, text).

    Each goes beside the files whose modeline names it."""
    return [(folder / PLAN_SCHEMA, schema_text()), ((org_folder or folder) / ORG_SCHEMA, schema_text(org=True))]


def stale_schema_files(folder: Path, org_folder: Path | None = None) -> list[tuple[Path, str]]:
    """The schema files that are missing or not this planforge's: what ``new`` and ``import`` (re)write."""
    stale = []
    for path, text in schema_files(folder, org_folder):
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            stale.append((path, text))
    return stale


def modeline(org: bool = False) -> str:
    return f"{MODELINE_PREFIX}./{ORG_SCHEMA if org else PLAN_SCHEMA}"


def with_modeline(text: str, org: bool = False) -> str:
    """``text`` (as read: no BOM, ``\\n`` line ends) with the schema modeline as its first line,
    unchanged if it has one already.  Only a line is added; the rest stays as it was."""
    if text.startswith(MODELINE_PREFIX):
        return text
    return f"{modeline(org)}\n{text}"
