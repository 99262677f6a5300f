"""The source map finds places on demand (planforge.source.SourceMap) exactly where the
old one, which recorded a Position for every node while building, had them.

The old builder is kept here as the reference: on generated YAML (duplicate keys,
tags, keys that are not text, aliases, quoted, folded and empty values) both give
the same data, the same problems and the same place for every path they know, for
paths one step past them, and with another file grafted under ``org``."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from hypothesis import given, settings, strategies as st
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from planforge.diagnostics import Diagnostic, PlanError, Position
from planforge.source import _TAG, _Loader, SourceMap, _scalar, load_yaml

_ALLOWED = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


@dataclass
class EagerMap:
    """The old SourceMap: every place recorded by path."""

    file: str
    keys: dict = field(default_factory=dict)
    values: dict = field(default_factory=dict)

    def value(self, path):
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return Position(self.file)

    def key(self, path):
        return self.keys.get(path) or self.value(path)


class EagerBuilder:
    """The old builder (positions and problems only; the data is compared through load_yaml)."""

    def __init__(self, text: str, smap: EagerMap):
        self.text, self.smap, self.problems = text, smap, []

    def at(self, node: Node) -> Position:
        return Position(self.smap.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, path: tuple) -> Any:
        self.smap.values.setdefault(path, self.at(node))
        if node.tag not in _ALLOWED:
            self.problems.append(Diagnostic("PF002", "tag", self.at(node)))
            return None
        if isinstance(node, MappingNode):
            out: dict = {}
            for key_node, value_node in node.value:
                key = self.scalar(key_node) if isinstance(key_node, ScalarNode) else None
                if not isinstance(key, str) or key_node.tag == _TAG + "merge":
                    self.problems.append(Diagnostic("PF102", "key", self.at(key_node)))
                    continue
                child = path + (key,)
                if key in out:
                    self.problems.append(Diagnostic("PF001", f"第一次出现在第 {self.smap.keys[child].line} 行", self.at(key_node)))
                    continue
                self.smap.keys[child] = self.at(key_node)
                out[key] = self.build(value_node, child)
            return out
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        return self.scalar(node)

    def scalar(self, node: ScalarNode) -> Any:
        value, bad = _scalar(node, self.text)
        if bad:
            self.problems.append(Diagnostic("PF007", "bad", self.at(node)))
        return value


def eager(text: str, name: str) -> tuple[EagerMap, list[tuple]]:
    smap = EagerMap(name)
    builder = EagerBuilder(text, smap)
    builder.build(yaml.compose(text, Loader=_Loader), ())
    return smap, [(d.code, d.position, first_line(d)) for d in builder.problems]


def lazy(text: str, name: str) -> tuple[Any, SourceMap, list[tuple]]:
    problems: list[Diagnostic] = []
    data, smap = load_yaml(None, display=name, text=text, problems=problems)
    return data, smap, [(d.code, d.position, first_line(d)) for d in problems]


def first_line(diagnostic: Diagnostic) -> str | None:
    """The line a duplicate key's message names as the first one's."""
    return diagnostic.message.split("第一次出现在第 ")[1].split(" 行")[0] if diagnostic.code == "PF001" else None


def probes(old: EagerMap) -> set[tuple]:
    """Every known path, one step past each (a key, an index, out of range), and the empty path."""
    paths = {()} | set(old.values) | set(old.keys)
    for path in list(paths):
        paths |= {path + ("a",), path + ("zz",), path + (0,), path + (1,), path + (7,), path + (-1,), path + (True,)}
    return paths


KEYS = st.sampled_from(["a", "b", "org", "x", "'a'", '"b"', "1", "yes", "null", "<<", "!t a", "[a, b]", "{a: 1}", '"\\x01"', "''",
                        "!!str [a]", "!!str a", "!!int 1"])
SCALARS = st.sampled_from(["v", "1", "2.5", "true", "~", "'q'", '"w\\t"', '"\\x02"', "2024-02-20", "!t z", "!!str 3",
                           "!!python/name:os.system", "文本", "'{{ year }}年'", "*x", "&x q", "''", "!!str [a]", "!!str {a: 1}",
                           "!!map {a: 1}", "!!seq [a]", "!!str", "|-\n  x", ">\n  一\n  二"])


def flow(depth: int = 3):
    if depth == 0:
        return SCALARS
    inner = flow(depth - 1)
    mapping = st.lists(st.tuples(KEYS, inner), max_size=4).map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")
    sequence = st.lists(inner, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    return st.one_of(SCALARS, mapping, sequence, mapping.map(lambda m: "&x " + m), sequence.map(lambda s: "!t " + s))


BLOCK_SAMPLES = [
    "a: 1\nb:\n  - x\n  - y: 2\n    y: 3\n  -\n  - >\n    一段\n    文字\n\n    another\n    line\n",
    "# comment\n\norg:\n  doc_code: 示教发\nsections:\n  - title: t\n    tasks:\n      - title: x\n        body: |\n          a\n      - title:\n",
    "a: &s {k: v}\nb: *s\nc: [*s, *s]\n1: x\n? [a]\n: y\n",
    "title: >-\n  第一\n  行\n'a': 1\n\"a\": 2\n",
    "org:\nyear: 2024\n",
    "org: {departments: [{name: a}, {name: b}]}\n",
]


def assert_same(text: str, org_text: str | None = None) -> None:
    try:
        data, new, new_problems = lazy(text, "p.yaml")
    except PlanError:
        return  # what is refused before building (syntax, depth, bombs) is refused by both alike
    old, old_problems = eager(text, "p.yaml")
    assert new_problems == old_problems
    if org_text is not None and isinstance(data, dict):
        org_old, _ = eager(org_text, "org.yaml")
        _, org_new, _ = lazy(org_text, "org.yaml")
        overrides = data.get("org") if isinstance(data.get("org"), dict) else {}
        for table, own in ((org_old.keys, old.keys), (org_old.values, old.values)):
            for sub_path, pos in table.items():
                if sub_path and sub_path[0] not in overrides:
                    own[("org",) + sub_path] = pos
        old.values.setdefault(("org",), Position(org_old.file))
        new.graft(("org",), org_new, overrides)
    for path in probes(old):
        assert new.value(path) == old.value(path), path
        assert new.key(path) == old.key(path), path
        assert new.has(path) == (path in old.values), path


@settings(max_examples=300, deadline=None)
@given(flow())
def test_flow_documents(text):
    assert_same(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(KEYS, flow(2)), min_size=1, max_size=5), st.sampled_from(BLOCK_SAMPLES + ["doc_code: a\n"]))
def test_block_documents_with_org(entries, org_text):
    text = "".join(f"{k}: {v}\n" for k, v in entries)
    assert_same(text, org_text)


def test_samples():
    for text in BLOCK_SAMPLES:
        for org_text in BLOCK_SAMPLES:
            assert_same(text, org_text)
