"""Help pages laid out for Chinese text: widths in terminal cells, breaks between characters.

Click wraps help with ``textwrap``, which counts a Chinese character as one
column (a terminal shows it in two) and breaks only at spaces, so a Chinese
line of help overflows 80 columns or is cut in the middle of a word
``9704-2012``.  Here a line may break between any two Chinese characters, at
a space, never inside a run of ASCII (an option, a number, ``GB/T``), never
before a closing mark nor after an opening one (the same marks as titles,
``linebreak.NO_LINE_START``/``NO_LINE_END``).  The command classes list
commands in the order they are defined (the user's order of work, not the
alphabet) and say ``[选项]``/``命令`` in the usage line.
"""
from __future__ import annotations

import inspect
import re
import unicodedata

import click

# One unit of text that is never broken: a run of ASCII (or other narrow)
# characters, one wide character, or a run of spaces.
# compiled on first use: its big negated class costs ~4 ms, which a `render` run would pay for nothing
_UNIT = r"\s+|[^\s\u1100-\uffef]+|."


def cells(text: str) -> int:
    """How many terminal columns the text takes: wide (Chinese) characters two, marks none.

    Characters of ambiguous width (“ ” — …) count two, as a Chinese Windows console shows them: a line
    may end a little early elsewhere, but never runs over."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


def _units(text: str) -> list[str]:
    """Units with closing marks glued to what precedes them and opening marks to what follows."""
    from .linebreak import NO_LINE_END, NO_LINE_START  # compiles title patterns: only when help is shown

    units: list[str] = []
    glue_next = False
    for unit in re.findall(_UNIT, text, re.S):
        if units and not unit.isspace() and (glue_next or unit[0] in NO_LINE_START):
            units[-1] += unit
        else:
            units.append(unit)
        glue_next = not unit.isspace() and unit[-1] in NO_LINE_END
    return units


def _width(pieces: list[str]) -> int:
    return cells("".join(pieces).strip())


def wrap(text: str, width: int) -> list[str]:
    """The text in lines of at most ``width`` cells (a unit wider than that is split).

    A last line of one character (``文件`` / ``夹``, ``补`` / ``全。``) takes a unit from the line above."""
    lines: list[list[str]] = [[]]  # each line: its units, each with the space before it (dropped at a line's ends)
    space = ""
    for unit in _units(text):
        if unit.isspace():
            space = " "
            continue
        if cells(unit) > width:  # longer than a line: split over lines of its own
            lines.append([])
            while unit:
                cut = max(1, max(i for i in range(len(unit) + 1) if cells(unit[:i]) <= width))
                lines[-1].append(unit[:cut])
                unit = unit[cut:]
                if unit:
                    lines.append([])
        elif lines[-1] and _width(lines[-1] + [space + unit]) > width:
            lines.append([space + unit])
        else:
            lines[-1].append(space + unit)
        space = ""
    lines = [line for line in lines if line]
    if len(lines) > 1 and len(lines[-1]) == 1 and _width(lines[-1]) <= 4 and len(lines[-2]) > 1 \
            and _width(lines[-2][-1:] + lines[-1]) <= width:
        lines[-1].insert(0, lines[-2].pop())
    return ["".join(line).strip() for line in lines]


def _paragraphs(text: str, width: int) -> list[list[str]]:
    """The lines of each paragraph (paragraphs are separated by blank lines).

    A line break inside a paragraph joins without a space between Chinese
    characters; a paragraph whose first line is ``\\b`` is kept as written
    (click's mark), for commands to copy."""
    result = []
    for block in re.split(r"\n\s*\n", inspect.cleandoc(text)):
        if block.startswith("\b\n"):
            result.append(block[2:].splitlines())
            continue
        joined = ""
        for part in (line.strip() for line in block.splitlines()):
            wide = joined and cells(joined[-1]) == 2 and cells(part[:1]) == 2
            joined += part if not joined or wide else " " + part
        result.append(wrap(joined, width))
    return result


class HelpFormatter(click.HelpFormatter):
    """Click's formatter with text wrapped by ``wrap`` (terminal cells) and full-width heading colons."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        paragraphs = ["\n".join(indent + line for line in lines) for lines in _paragraphs(text, self.width - self.current_indent)]
        self.write("\n\n".join(paragraphs) + "\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first_col = min(max((cells(first) for first, _ in rows), default=0), col_max) + col_spacing
        for first, second in rows:
            self.write(f"{'':>{self.current_indent}}{first}")
            if not second:
                self.write("\n")
                continue
            if cells(first) <= first_col - col_spacing:
                self.write(" " * (first_col - cells(first)))
            else:
                self.write("\n" + " " * (first_col + self.current_indent))
            lines = [line for p in _paragraphs(second, max(self.width - first_col - self.current_indent, 10)) for line in p]
            self.write(("\n" + " " * (first_col + self.current_indent)).join(lines) + "\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose help is laid out by ``HelpFormatter``, whose usage line says ``[选项]``, and whose
    usage errors know the command."""

    context_class = Context

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Click's parser raises some errors (``--to`` without a value) without the command: add it, so the
        message can name ``planforge render --help`` rather than ``planforge --help``."""
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            exc.ctx = exc.ctx or ctx
            raise


class Group(click.Group):
    """A group of ``Command``; ``planforge -h`` lists them in the order they were defined."""

    context_class = Context
    command_class = Command

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)
