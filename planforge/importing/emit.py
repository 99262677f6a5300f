"""YAML text for the plan file ``import`` writes, laid out like the example plans.

ruamel.yaml wrote it before, in pure Python: two thirds of importing a
1,000-task document.  Here the layout is ours (block mappings, and block
sequences indented under their key, ``  - title: …``, as in ``plans/``), and
every run of simple values (text, numbers, one-line lists ``[a, b]``, long text
as a literal block ``|``) is written by libyaml through PyYAML, which decides
the quoting -- for the YAML 1.1 that planforge reads, so a text such as ``yes``
is quoted (ruamel, writing YAML 1.2, left it bare, and it came back as true).
The text is otherwise the same as ruamel's (tests/test_import_emit.py).  No
comments or anchors: a new file has none.
"""
from __future__ import annotations

from typing import Any

import yaml

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"


class Literal(str):
    """A text written as a literal block (``|``): line breaks kept, no quoting."""


class Flow(list):
    """A list written on one line: ``[a, b]``."""


class FlowMap(dict):
    """A mapping written on one line: ``{name: …, target: …}``."""


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # libyaml where installed
    pass



_Dumper.add_representer(Literal, lambda d, v: d.represent_scalar(_STR, str(v), style="|"))
_Dumper.add_representer(Flow, lambda d, v: d.represent_sequence(_SEQ, v, flow_style=True))
_Dumper.add_representer(FlowMap, lambda d, v: d.represent_mapping(_MAP, v, flow_style=True))
_Dumper.add_representer(dict, lambda d, v: d.represent_mapping(_MAP, v, flow_style=False))
_Dumper.add_representer(list, lambda d, v: d.represent_sequence(_SEQ, v, flow_style=False))


def _dump(value: Any) -> list[str]:
    text = yaml.dump(value, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=4096, default_flow_style=False)
    lines = text.splitlines()
    # A text ending in blank lines (``|+``) closes libyaml's document with ``...``; inside our
    # layout that line would be read as a key, and the blank lines are kept without it.
    return lines[:-1] if lines and lines[-1] == "..." else lines


def _simple(value: Any) -> bool:
    """Written by libyaml as it is: not a block mapping or a block sequence with something in it."""
    return not (type(value) in (dict, list) and value)


def _indented(lines: list[str], indent: int) -> list[str]:
    pad = " " * indent
    return [pad + line if line else line for line in lines]  # blank lines in a literal block stay empty


def _mapping(data: dict, indent: int) -> list[str]:
    lines: list[str] = []
    run: dict = {}
    for key, value in data.items():
        if _simple(value):
            run[key] = value
            continue
        if run:
            lines += _indented(_dump(run), indent)
            run = {}
        lines.append(" " * indent + f"{key}:")
        if type(value) is dict:
            lines += _mapping(value, indent + 2)
        elif all(type(item) is dict and item and all(map(_simple, item.values())) for item in value):
            lines += _indented(_dump(value), indent + 2)  # a list of simple mappings (tasks) at one go: the same text
        else:
            for item in value:
                lines += _item(item, indent + 2)
    if run:
        lines += _indented(_dump(run), indent)
    return lines


def _item(item: Any, indent: int) -> list[str]:
    """One entry of a block sequence: ``- `` at ``indent``, its content two further in."""
    if type(item) is dict and item:
        lines = _mapping(item, indent + 2)
        lines[0] = " " * indent + "- " + lines[0][indent + 2:]
        return lines
    if not _simple(item):
        raise TypeError("a plan file has no list directly inside a list")
    return _indented(_dump([item]), indent)


def plan_text(data: dict, comment: str = "") -> str:
    """``data`` (dicts, lists and scalars; :class:`Literal`, :class:`Flow`, :class:`FlowMap` where wanted)
    as YAML, after a ``# comment`` line when given."""
    lines = ([f"# {comment}"] if comment else []) + _mapping(data, 0)
    return "\n".join(lines) + "\n"
