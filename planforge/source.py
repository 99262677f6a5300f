"""Reading YAML safely while remembering where every value came from.

ruamel.yaml's round-trip loader keeps line/column marks on mappings and
sequences; we flatten them into a :class:`SourceMap` keyed by the path of each
value (``("sections", 2, "tasks", 0, "title")``), so that a validation error
found much later can still point at the exact key or value in the user's file.
No Python object is ever constructed from a tag: tagged values are reported.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.scalarstring import FoldedScalarString

from .diagnostics import Diagnostic, PlanError, Position

PathKey = tuple[Any, ...]
# Anchors and aliases are allowed, but a tree that expands past this many
# nodes is a YAML bomb, not a work plan.
MAX_NODES = 2_000_000


class _TextDatesConstructor(RoundTripConstructor):
    """Keeps unquoted dates as text: we validate them ourselves, with positions.

    The stock constructor turns ``2024-13-40`` into a bare ValueError."""


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)


def make_yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.Constructor = _TextDatesConstructor
    return yaml


@dataclass
class SourceMap:
    """Positions of keys and values, by path, for one loaded document."""

    file: str
    keys: dict[PathKey, Position] = field(default_factory=dict)
    values: dict[PathKey, Position] = field(default_factory=dict)

    def value(self, path: PathKey) -> Position:
        """Where the value at ``path`` is, or its nearest known ancestor."""
        return self._nearest(self.values, path)

    def key(self, path: PathKey) -> Position:
        """Where the key of ``path`` is written (falls back to the value)."""
        if path in self.keys:
            return self.keys[path]
        return self._nearest(self.values, path)

    def _nearest(self, table: dict[PathKey, Position], path: PathKey) -> Position:
        for end in range(len(path), -1, -1):
            if path[:end] in table:
                return table[path[:end]]
        return Position(self.file)

    def merge(self, other: "SourceMap", prefix: PathKey = ()) -> None:
        """Adopt ``other``'s positions (from another file) under ``prefix``."""
        for path, pos in other.keys.items():
            self.keys[prefix + path] = pos
        for path, pos in other.values.items():
            self.values[prefix + path] = pos


def _pos(file: str, line: int, col: int) -> Position:
    return Position(file, line + 1, col + 1)


def _index(node: Any, path: PathKey, smap: SourceMap, problems: list[Diagnostic], budget: list[int]) -> Any:
    """Record positions below ``node`` and return it as plain dicts, lists and scalars."""
    budget[0] -= 1
    if budget[0] < 0:
        raise PlanError([Diagnostic("PF001", "文件展开后过大（别名嵌套过深？），无法作为工作计划读取。", smap.value(path))])
    if isinstance(node, CommentedMap):
        out = {}
        for key, value in node.items():
            key_line, key_col = node.lc.key(key)
            value_line, value_col = node.lc.value(key)
            child = path + (key,)
            smap.keys[child] = _pos(smap.file, key_line, key_col)
            smap.values[child] = _pos(smap.file, value_line, value_col)
            if not isinstance(key, str):
                problems.append(Diagnostic("PF102", f"键 {key!r} 应为文本。", smap.keys[child]))
                continue
            out[key] = _index(value, child, smap, problems, budget)
        return out
    if isinstance(node, CommentedSeq):
        out_list = []
        for i, value in enumerate(node):
            line, col = node.lc.item(i)
            smap.values[path + (i,)] = _pos(smap.file, line, col)
            out_list.append(_index(value, path + (i,), smap, problems, budget))
        return out_list
    if isinstance(node, TaggedScalar) or hasattr(node, "tag") and getattr(node.tag, "value", None):
        problems.append(
            Diagnostic("PF002", "不支持 YAML 标签（以 ! 开头），请删除标签，只写文本、数字、列表或映射。", smap.value(path))
        )
        return None
    if isinstance(node, FoldedScalarString):
        return unfold_cjk(node)
    if isinstance(node, str):
        return str(node)  # drop ruamel's scalar subclasses (block styles)
    return node


def unfold_cjk(text: FoldedScalarString) -> str:
    """Undo the spaces a folded scalar (``>``) put at line breaks next to Chinese.

    YAML folds a line break into a space, which is right for English and wrong
    for Chinese; ruamel records where it folded, so only those spaces go."""
    chars = list(str(text))
    for pos in getattr(text, "fold_pos", []):
        if 0 < pos < len(chars) - 1 and chars[pos] == " " and not (chars[pos - 1].isascii() and chars[pos + 1].isascii()):
            chars[pos] = ""
    # A blank line in a folded scalar leaves one "\n": that is a paragraph break.
    return "".join(chars).replace("\n", "\n\n")


def load_yaml(path: Path, display: str | None = None) -> tuple[Any, SourceMap]:
    """Load one YAML file; raise :class:`PlanError` with positions on any problem."""
    name = display or str(path)
    smap = SourceMap(name)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise PlanError([Diagnostic("PF000", "找不到文件。", Position(name))]) from None
    except UnicodeDecodeError as exc:
        raise PlanError([Diagnostic("PF000", f"文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8。", Position(name))]) from None
    except OSError as exc:
        raise PlanError([Diagnostic("PF000", f"无法读取文件：{exc.strerror}。", Position(name))]) from None
    try:
        raw = make_yaml().load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = _pos(name, mark.line, mark.column) if mark else Position(name)
        raise PlanError([Diagnostic("PF001", f"YAML 语法错误：{_yaml_problem(exc)}", where)]) from None
    except YAMLError as exc:
        raise PlanError([Diagnostic("PF001", f"YAML 语法错误：{exc}", Position(name))]) from None
    problems: list[Diagnostic] = []
    data = _index(raw, (), smap, problems, [MAX_NODES])
    if problems:
        raise PlanError(problems)
    return data, smap


_YAML_PROBLEMS = {
    "found duplicate key": "同一层级出现了重复的键，请删除或合并其中一个",
    "mapping values are not allowed here": "此处不能出现“键: 值”，请检查缩进，或给含冒号的文本加引号",
    "found character '\\t' that cannot start any token": "不能用 Tab 缩进，请改用空格",
    "could not find expected ':'": "缺少冒号“:”，或多行文本需要加引号",
    "found undefined alias": "引用了未定义的别名（*名称）",
    "did not find expected key": "缩进不一致，或列表项与键混在同一层级",
    "did not find expected '-' indicator": "列表项缩进不一致",
    "found unexpected end of stream": "文件意外结束（引号未闭合？）",
    "expected <block end>, but found": "缩进不一致",
}


def _yaml_problem(exc: MarkedYAMLError) -> str:
    problem = exc.problem or ""
    for english, chinese in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return f"{chinese}（{problem}）。"
    return f"{problem or exc.context}。"
