"""Where templates come from, and how their mistakes are reported.

Built-in templates live in ``templates/`` (inside the package once installed).
A ``templates/`` folder beside the plan, or one given with ``--templates``,
overrides any of them file by file.  Everything runs in Jinja2's sandbox with
StrictUndefined, so a user's template can neither reach into Python nor print
an empty string where a name was misspelt.
"""
from __future__ import annotations

import sys
import traceback
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.sandbox import SandboxedEnvironment

from .diagnostics import Diagnostic, PlanError, Position


def builtin_templates() -> Path:
    """The shipped templates: packaged copy first, the source checkout's otherwise."""
    packaged = Path(__file__).with_name("templates")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"


class Templates:
    """A sandboxed Jinja2 environment over the user's and the built-in templates."""

    def __init__(self, user_dirs: Iterable[Path] = ()):
        search = [str(d) for d in user_dirs if Path(d).is_dir()] + [str(builtin_templates())]
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(search),
            undefined=StrictUndefined,
            # XML and HTML are always escaped (CSS too: it is inlined in a page)
            autoescape=lambda name: bool(name) and name.endswith((".xml.j2", ".html.j2", ".css.j2")),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )

    def render(self, name: str, **context: Any) -> str:
        try:
            return self.env.get_template(name).render(**context)
        except TemplateNotFound:
            raise PlanError([Diagnostic("PF150", f"找不到模板“{name}”。", Position(name))]) from None
        except TemplateSyntaxError as exc:
            where = Position(exc.filename or name, exc.lineno or 1)
            raise PlanError([Diagnostic("PF150", f"模板语法错误：{exc.message}", where)]) from None
        except TemplateError as exc:
            raise PlanError([Diagnostic("PF151", f"模板出错：{exc.message}", _template_position(name))]) from None
        except Exception as exc:  # noqa: BLE001 - a user's template may fail in any way
            raise PlanError([Diagnostic("PF151", f"模板出错：{type(exc).__name__}: {exc}", _template_position(name))]) from None


def _template_position(name: str) -> Position:
    """The template line being run when it failed (Jinja2 rewrites tracebacks to them)."""
    tb = sys.exc_info()[2]
    position = Position(name)
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".j2", ".md", ".xml", ".html")) or filename.endswith(name):
            position = Position(filename, lineno)
    return position


@lru_cache(maxsize=8)
def templates_for(user_dirs: tuple[Path, ...] = ()) -> Templates:
    return Templates(user_dirs)
