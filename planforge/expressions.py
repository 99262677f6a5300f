"""Jinja2 expressions inside plan text: ``{{ year }}``, ``第{{ year - 1984 }}个教师节``.

They run in Jinja2's sandbox with StrictUndefined, so a typo is an error that
names the field, never an empty string in an issued document.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, TemplateError, UndefinedError
from jinja2.sandbox import SandboxedEnvironment


def has_expression(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


@lru_cache(maxsize=1)
def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True)


class ExpressionError(ValueError):
    """A text field's expression failed; the message is for the user."""


def render_text(text: str, context: dict[str, Any]) -> str:
    try:
        return _environment().from_string(text).render(context)
    except UndefinedError as exc:
        names = "、".join(sorted(context))
        raise ExpressionError(f"表达式用了未定义的名称（{exc.message}）；可用的名称有：{names}。") from None
    except TemplateError as exc:
        raise ExpressionError(f"表达式有误：{exc.message}。") from None
    except Exception as exc:  # arithmetic on the wrong type, division by zero …
        raise ExpressionError(f"表达式计算出错：{type(exc).__name__}: {exc}。") from None
