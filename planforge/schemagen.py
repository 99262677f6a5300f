"""The JSON Schemas of a plan file and of org.yaml, generated from the model with pydantic.

pydantic reads the model's declaration (:mod:`planforge.model`, written as
:mod:`planforge.typed` describes) through :func:`pydantic_model` and writes the
schema, so the schema cannot drift from what ``load`` accepts.  The same pydantic
view of the model validates plans in the tests, beside planforge's own validator
(:mod:`planforge.validation`), and the two must agree.

The schemas ship inside the package (``planforge/schemas/``, read by
:mod:`planforge.schema`), so that no command needs pydantic; a test fails when
they differ from what this module generates.  After changing the model or
``layout.yaml``, regenerate them (pydantic comes with the test extra)::

    python -m planforge.schemagen
"""
from __future__ import annotations

import dataclasses
import functools
import json
import sys
import types
import typing
from typing import Any, Callable

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field, Strict, WithJsonSchema, create_model
from pydantic.json_schema import GenerateJsonSchema
from pydantic_core import PydanticCustomError, PydanticUndefined

from .schema import ORG_SCHEMA, PLAN_SCHEMA, SHIPPED
from .typed import STRICT, After, Before, Invalid, JsonSchema, Pattern, SchemaExtra, Spec, hints, is_model

DRAFT = "https://json-schema.org/draft/2020-12/schema"


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


def generated_text(org: bool = False) -> str:
    """The schema as its file holds it (stable order, Chinese unescaped)."""
    return json.dumps(org_schema() if org else plan_schema(), ensure_ascii=False, indent=2) + "\n"


def main() -> None:
    """Write the shipped schemas afresh."""
    for name, org in ((PLAN_SCHEMA, False), (ORG_SCHEMA, True)):
        (SHIPPED / name).write_text(generated_text(org), encoding="utf-8", newline="\n")
        print(f"wrote {SHIPPED / name}", file=sys.stderr)


if __name__ == "__main__":
    main()
