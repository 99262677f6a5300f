"""Jinja2 expressions inside plan text: ``{{ year }}``, ``第{{ year - 1984 }}个教师节``.

They run in Jinja2's immutable sandbox with StrictUndefined, so a typo is an
error that names the field, never an empty string in an issued document, and
an expression can read the plan's data but never change it
(``{{ issuers.append(…) }}`` is refused).

A plan is also run by ``check`` in the pre-commit hook, so an expression must
not be able to hang it or fill the memory: every operation that can make a
big string or list is measured before it runs (``*``, ``**``, ``%``, ``+``,
joining, replacing, padding), ``range`` draws from one budget of loop steps
per expression, the text produced is capped, and where the platform allows a
timer stops anything else that runs too long.  Hitting a bound is an
:class:`ExpressionError`, reported as PF130 at the expression.
"""
from __future__ import annotations

import functools
import math
import re
import signal
import threading
from contextlib import contextmanager
from functools import lru_cache
from typing import Any, Iterable

from jinja2 import Environment, FunctionLoader, StrictUndefined, TemplateError, UndefinedError, nodes
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from .source import bad_character
from .templatecache import template_code_cache
from .jinjatext import chinese

MAX_TEXT = 100_000       # characters an expression (or any string inside it) may produce
MAX_STEPS = 100_000      # loop steps (range items) per expression
MAX_WIDTH = 1_000        # a field width in '%10d' or '{:>10}'
MAX_POWER_BITS = 4_096   # size of an integer power
TIME_LIMIT = 2.0         # seconds per expression, where a timer is available (POSIX main thread)

_WIDTH = re.compile(r"%[-#0 +]*(\d+)?(?:\.(\d+))?|\{[^{}]*?:[^{}]*?(\d+)(?:\.(\d+))?[^{}]*\}")


def has_expression(text: str) -> bool:
    return "{{" in text or "{%" in text or "{#" in text


class ExpressionError(ValueError):
    """A text field's expression failed; the message is for the user."""


class CostExceeded(ExpressionError):
    """An expression would cost more than a plan's text ever needs."""


class _Timeout(BaseException):
    """Raised by the timer; a BaseException so no ``except Exception`` inside Jinja swallows it."""


class _Budget(threading.local):
    steps = MAX_STEPS


_budget = _Budget()


def _too_long(size: int, what: str = "文本") -> None:
    if size > MAX_TEXT:
        raise CostExceeded(f"表达式产生的{what}过长（约 {size} 个字符，上限 {MAX_TEXT}）")


def _size(value: Any) -> int:
    return len(value) if isinstance(value, (str, list, tuple)) else 0


def _check_widths(fmt: str) -> None:
    for match in _WIDTH.finditer(fmt):
        for number in match.groups():
            if number and int(number) > MAX_WIDTH:
                raise CostExceeded(f"表达式中的格式宽度 {number} 过大（上限 {MAX_WIDTH}）")


def _check_arguments(args: Iterable[Any]) -> None:
    for arg in args:
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_TEXT:
            raise CostExceeded(f"表达式中的数 {arg if abs(arg) < 10**12 else '（很大）'} 超出上限 {MAX_TEXT}")


def reset_budget(steps: int = MAX_STEPS) -> None:
    """A fresh budget of loop steps for the next run of an expression or template."""
    _budget.steps = steps


def bounded_range(*args: int) -> range:
    """``range`` for sandboxed text: every item drawn from the current budget."""
    _check_arguments(args)
    steps = range(*args)
    _budget.steps -= len(steps)
    if _budget.steps < 0:
        raise CostExceeded(f"表达式的循环次数超过上限 {MAX_STEPS}")
    return steps


# Calls whose numeric arguments set the size of what they make ('x'.center(10**9), batch(10**9, 'x')).
_SIZED_BY_NUMBERS = {"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "truncate", "batch",
                     "slice", "range"}


def _sized_by_numbers(name: str, target: Any) -> bool:
    """A width may also come from an argument: '%*d' % (10**9, 1), '{:{}}'.format(1, 10**9)."""
    if name in _SIZED_BY_NUMBERS:
        return True
    return name in ("format", "format_map") and isinstance(target, str) and ("*" in target or re.search(r"\{[^{}]*\{", target) is not None)


def _precheck(name: str, target: Any, args: tuple, kwargs: dict) -> None:
    """The size of what joining, replacing or formatting will make, before it is made."""
    if _sized_by_numbers(name, target):
        _check_arguments(list(args) + list(kwargs.values()))
    if name == "replace" and isinstance(target, str) and len(args) >= 2 and isinstance(args[0], str):
        old, new = args[0], str(args[1])
        count = target.count(old) if old else len(target) + 1
        _too_long(len(target) + count * max(0, len(new) - len(old)))
    elif name == "join" and isinstance(target, str):
        items = args[0] if args else ()
        if isinstance(items, (list, tuple)):
            _too_long(sum(_size(i) for i in items) + len(target) * len(items))
    elif name in ("format", "format_map") and isinstance(target, str):
        _check_widths(target)


class _MeasuredConcat(CodeGenerator):
    """``a ~ b ~ …`` is one join in Jinja2's code: measure the pieces before they are joined."""

    def visit_Concat(self, node: nodes.Concat, frame) -> None:
        self.write("environment.measured_concat((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every way to make a huge value measured first."""

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = _MeasuredConcat

    @staticmethod
    def measured_concat(parts: tuple) -> str:
        texts = [str(p) for p in parts]
        _too_long(sum(len(t) for t in texts))
        return "".join(texts)

    def call_binop(self, context, operator: str, left: Any, right: Any) -> Any:
        if operator == "*":
            for text, times in ((left, right), (right, left)):
                if isinstance(text, (str, list, tuple)) and isinstance(times, int):
                    _too_long(len(text) * max(times, 0))
        elif operator == "**":
            if isinstance(left, int) and isinstance(right, int) and abs(left) > 1:
                if right * math.log2(abs(left)) > MAX_POWER_BITS:
                    raise CostExceeded("表达式中的乘方结果过大")
        elif operator == "%" and isinstance(left, str):
            _check_widths(left)
            if "*" in left:
                _check_arguments(right if isinstance(right, tuple) else (right,))
        elif operator == "+":
            _too_long(_size(left) + _size(right))
        result = super().call_binop(context, operator, left, right)
        _too_long(_size(result))
        return result

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja2's signature
        method = getattr(__obj, "__wrapped__", __obj)  # Jinja2 wraps str.format to sandbox it
        _precheck(getattr(method, "__name__", ""), getattr(method, "__self__", None), args, kwargs)
        result = super().call(__context, __obj, *args, **kwargs)
        _too_long(_size(result))
        return result


def _guard_filter(name: str, apply):
    @functools.wraps(apply)
    def guarded(*args, **kwargs):
        values = [a for a in args if not (isinstance(a, Environment) or hasattr(a, "environment"))]  # the value and its arguments
        target = values[0] if values else None
        if name == "join" and target is not None and not isinstance(target, (str, list, tuple)):
            target = list(target)
            args = tuple(target if a is values[0] else a for a in args)
        if name == "join" and isinstance(target, (list, tuple)):
            sep = values[1] if len(values) > 1 else kwargs.get("d", "")
            _too_long(sum(len(str(i)) for i in target[:MAX_TEXT + 1]) + len(str(sep)) * len(target))
        elif name == "replace" and isinstance(target, str):
            _precheck("replace", target, tuple(values[1:3]), {})
        elif name == "format" and isinstance(target, str):
            _check_widths(target)
        if _sized_by_numbers(name, target) or (name == "format" and isinstance(target, str) and "*" in target):
            _check_arguments(values[1:] + list(kwargs.values()))
        result = apply(*args, **kwargs)
        _too_long(_size(result))
        return result

    return guarded


def _bounded_concat(parts: Iterable[str]) -> str:
    out, size = [], 0
    for part in parts:
        size += len(part)
        _too_long(size)
        out.append(part)
    return "".join(out)


def _text_itself(text: str) -> tuple[str, None, Any]:
    """The loader of expressions: a text is its own template (so that its compiled code can be cached)."""
    return text, None, lambda: True


@lru_cache(maxsize=1)
def _environment() -> BoundedEnvironment:
    # compiled expressions are kept between runs like the templates: compiling one costs a few ms per start
    env = BoundedEnvironment(undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True,
                             loader=FunctionLoader(_text_itself), bytecode_cache=template_code_cache())
    # a plan's text needs arithmetic, conditions and the plan's names, not generators of text
    env.globals = {"range": bounded_range}
    env.filters = {name: _guard_filter(name, apply) for name, apply in env.filters.items()}
    env.concat = _bounded_concat  # type: ignore[assignment]
    return env


@contextmanager
def _time_limit(seconds: float):
    """Interrupt a run past ``seconds`` (only in the main thread of a POSIX process)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum, frame):
        raise _Timeout()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def render_text(text: str, context: dict[str, Any]) -> str:
    reset_budget()
    try:
        with _time_limit(TIME_LIMIT):
            result = _environment().get_template(text).render(context)
    except _Timeout:
        raise ExpressionError(f"表达式计算超过 {TIME_LIMIT:g} 秒，已停止；计划中的表达式只应做简单的计算。") from None
    except CostExceeded as exc:
        raise ExpressionError(f"{exc}，已停止；计划中的表达式只应做简单的计算。") from None
    except SecurityError as exc:
        raise ExpressionError(f"表达式只能读取计划中的数据，不能修改它或调用不允许的功能（{exc}）。") from None
    except UndefinedError as exc:
        names = "、".join(sorted(context))
        raise ExpressionError(f"表达式出错：{chinese(exc.message)}；可用的名称有：{names}。") from None
    except TemplateError as exc:
        raise ExpressionError(f"表达式有误：{chinese(exc.message)}。") from None
    except RecursionError:
        raise ExpressionError("表达式嵌套过深。") from None
    except MemoryError:
        raise ExpressionError("表达式需要的内存过多，已停止。") from None
    except Exception as exc:  # arithmetic on the wrong type, division by zero …
        raise ExpressionError(f"表达式计算出错：{type(exc).__name__}: {exc}。") from None
    bad = bad_character(result)
    if bad:
        raise ExpressionError(f"表达式的结果含不可见的控制字符（U+{ord(bad):04X}），Word 无法打开含这种字符的文件。")
    return result
