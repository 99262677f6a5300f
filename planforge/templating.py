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
from typing import Any, Iterable, Optional

import os

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateNotFound,
    TemplateSyntaxError,
)
from jinja2.runtime import LoopContext, Macro
from jinja2.sandbox import ImmutableSandboxedEnvironment

from .diagnostics import Diagnostic, PlanError, Position
from .document import BLOCK_TYPES, Run
from .expressions import CostExceeded, bounded_range, reset_budget
from .jinjatext import chinese
from .templatecache import template_code_cache

TEMPLATE_STEPS = 1_000_000  # loop steps (range items) per template run


def builtin_templates() -> Path:
    """The shipped templates: packaged copy first, the source checkout's otherwise."""
    packaged = Path(__file__).with_name("templates")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "templates"


class TemplateOutside(TemplateNotFound):
    """A template name or link that leads out of the template folders."""

    def __init__(self, name: str, where: str):
        super().__init__(name)
        self.where = where


class ConfinedLoader(FileSystemLoader):
    """Templates from the template folders only, links resolved first.

    A ``templates/`` folder beside a plan is used without being asked for, so
    a link in it (``notice_body.j2 -> /etc/passwd``, a folder linked to ``/``)
    or an ``{% include '../..' %}`` must not read anything outside it."""

    def get_source(self, environment, template: str):
        pieces = template.replace("\\", "/").split("/")
        if template.startswith("/") or any(p == ".." for p in pieces) or (pieces and ":" in pieces[0]):
            raise TemplateOutside(template, "模板名中有 .. 或绝对路径")
        for folder in self.searchpath:
            candidate = os.path.join(folder, *[p for p in pieces if p not in ("", ".")])
            if not os.path.isfile(candidate):
                continue
            root, real = os.path.realpath(folder), os.path.realpath(candidate)
            if os.path.commonpath([root, real]) != root:
                raise TemplateOutside(template, f"{candidate} 链接到 {real}")
            with open(real, encoding=self.encoding) as handle:
                contents = handle.read()
            mtime = os.path.getmtime(real)
            return contents, os.path.normpath(candidate), lambda: os.path.isfile(real) and os.path.getmtime(real) == mtime
        raise TemplateNotFound(template)


class _Sandbox(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with a short way through for the writers' own data.

    A DOCX of 10,000 tasks reads a block's or a run's fields a few hundred
    thousand times, and the sandbox's full check (is it a function, a frame, a
    list being changed…?, is it ``str.format``?) was a third of the writing
    time.  For the document's frozen dataclasses, whose fields are plain data
    and methods, that check can only ever come down to "not starting with an
    underscore": that is all this asks of them; every other object, and every
    name starting with ``_``, gets the full check.  The same holds for Jinja2's own
    loop object (``loop.previtem``, read once per block): not a function, type,
    frame or mutable container, so the sandbox's check of it is that same rule."""

    PLAIN_DATA = frozenset((*BLOCK_TYPES, Run, LoopContext))

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in self.PLAIN_DATA and not attribute.startswith("_"):
            try:
                return getattr(obj, attribute)
            except AttributeError:
                pass  # the sandbox's own way: try obj[attribute], else undefined
        return super().getattr(obj, attribute)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja2's own signature
        """A template's own macro, called straight (a paragraph of a long plan is one macro call).

        For a :class:`~jinja2.runtime.Macro` the sandbox's check and the context's dispatch
        come to this: it is no ``str.format``, never marked unsafe, takes no context; other
        callables take the full way."""
        if type(__obj) is not Macro:
            return super().call(__context, __obj, *args, **kwargs)
        kwargs.pop("_loop_vars", None)
        kwargs.pop("_block_vars", None)
        try:
            return __obj(*args, **kwargs)
        except StopIteration:  # as Context.call reports it
            return __context.environment.undefined("value was undefined because a callable raised a StopIteration exception")


class Templates:
    """A sandboxed Jinja2 environment over the user's and the built-in templates.

    The sandbox is the immutable one: a template reads the blocks and the
    profile, it cannot change them.  Compiled templates are kept in the user's
    cache folder between runs (:mod:`planforge.templatecache`)."""

    def __init__(self, user_dirs: Iterable[Path] = ()):
        self.user_dirs = [str(d) for d in user_dirs if Path(d).is_dir()]
        search = self.user_dirs + [str(builtin_templates())]
        self.env = _Sandbox(
            loader=ConfinedLoader(search),
            bytecode_cache=template_code_cache(),
            undefined=StrictUndefined,
            # XML and HTML are always escaped (CSS too: it is inlined in a page)
            autoescape=lambda name: bool(name) and name.endswith((".xml.j2", ".html.j2", ".css.j2")),
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        # a template beside a plan comes with the plan: no text generator, loops drawn from a budget
        self.env.globals.pop("lipsum", None)
        self.env.globals["range"] = bounded_range

    def user_file(self, name: str) -> Optional[str]:
        """The file of template ``name`` when it is the user's own (a templates/ folder beside the plan), else None."""
        if not self.user_dirs:  # the usual case: no look-up (and no stat of the template) at all
            return None
        filename = self.env.get_template(name).filename or ""
        return None if filename.startswith(str(builtin_templates())) else _shown(filename)

    def render(self, name: str, **context: Any) -> str:
        reset_budget(TEMPLATE_STEPS)
        try:
            return self._render(self.env.get_template(name), context)
        except CostExceeded as exc:
            raise PlanError([Diagnostic("PF151", f"模板出错：{exc}，已停止。", _template_position(name))]) from None
        except TemplateOutside as exc:
            raise PlanError([Diagnostic("PF152", f"模板“{exc.name}”在模板文件夹之外（{exc.where}），出于安全不读取。",
                                        _template_position(name))]) from None
        except TemplateNotFound:
            raise PlanError([Diagnostic("PF150", f"找不到模板“{name}”。", Position(name))]) from None
        except TemplateSyntaxError as exc:
            where = Position(_shown(exc.filename or name), exc.lineno or 1)
            raise PlanError([Diagnostic("PF150", f"模板语法错误：{chinese(exc.message)}。", where)]) from None
        except TemplateError as exc:
            raise PlanError([Diagnostic("PF151", f"模板出错：{chinese(exc.message)}。", _template_position(name))]) from None
        except Exception as exc:  # noqa: BLE001 - a user's template may fail in any way
            raise PlanError([Diagnostic("PF151", f"模板出错：{type(exc).__name__}: {exc}", _template_position(name))]) from None

    def _render(self, template: Any, context: dict[str, Any]) -> str:
        """What ``Template.render`` does, and then the template's own variables let go of.

        A template's macros close over its render context, which holds the macros: a
        cycle that kept everything the template was given (a document of 10,000 tasks)
        until Python's cyclic collector ran, and that collection, over half a million
        objects, was a tenth of a second at the end of every large render."""
        ctx = template.new_context(context)
        try:
            return self.env.concat(template.root_render_func(ctx))
        except Exception:
            self.env.handle_exception()  # raises it again, the traceback pointing at template lines
        finally:
            ctx.vars.clear()


def _shown(filename: str) -> str:
    """A template file as the user names it: relative to the working folder when it lies inside it
    (``plans/templates/text/note.j2``, like the plan beside it), else as found."""
    try:
        return str(Path(filename).relative_to(Path.cwd()))
    except (ValueError, OSError):  # elsewhere, or the working folder is gone
        return filename


def _template_position(name: str) -> Position:
    """The template line being run when it failed (Jinja2 rewrites tracebacks to them)."""
    tb = sys.exc_info()[2]
    position = Position(name)
    for frame, lineno in traceback.walk_tb(tb):
        filename = frame.f_code.co_filename
        if filename.endswith((".j2", ".md", ".xml", ".html")) or filename.endswith(name):
            position = Position(_shown(filename), lineno)
    return position


@lru_cache(maxsize=8)
def templates_for(user_dirs: tuple[Path, ...] = ()) -> Templates:
    return Templates(user_dirs)
