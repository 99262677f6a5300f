"""The nesting-depth bound read from the text (planforge.source.depth_bound) is never below the real depth.

Loading trusts it to skip counting the parser's events, which is what keeps
libyaml's composer (recursive, in C) from meeting a file nested deeper than
any plan; so it is checked here against the parser's own events on hostile
and random texts."""
from __future__ import annotations

import re

import yaml
from hypothesis import given, settings, strategies as st

from planforge.source import _NOT_BRACKET, _QUOTED_ENTRY, MAX_DEPTH, depth_bound, load_yaml
from planforge.diagnostics import PlanError

LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parser_depth(text: str) -> int:
    """The deepest nesting the parser reaches, up to a syntax error if there is one."""
    depth = deepest = 0
    try:
        for event in yaml.parse(text, Loader=LOADER):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                deepest = max(deepest, depth)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        pass
    return deepest


def assert_bound(text: str) -> None:
    bound = depth_bound(text)
    assert bound is None or bound >= parser_depth(text), (text, bound)


HOSTILE = [
    "a: " + "[" * 200 + "]" * 200,
    "[a 'x, " + "[" * 100 + "]" * 100 + ", y' ]",
    "[a 'x, " + "[" * 100 + "]" * 100 + ", y']",
    "k: 'x', " + "[" * 100 + "]" * 100,
    "k: it's [" + "[" * 100 + "]" * 100,
    "k: \"a\" " + "{" * 100 + "}" * 100,
    "- " * 100 + "x",
    "".join(" " * i + "k:\n" for i in range(100)) + " " * 100 + "v",
    "a: [\n" + "[" * 100 + "\n" + "]" * 101,
    "a: x] [" + "[" * 100 + "]" * 100,
    "a: \"start\n  " + "[" * 100 + "\" " + "]" * 100,
    "? " * 50 + "x",
    "k: |\n  " + "[" * 100 + "\nj: " + "[" * 100 + "]" * 100,
    "k: '[[[[' # " + "[" * 100,
    "k: '''[' " + "[" * 100 + "]" * 100,
    "k: \"\\\"[\" " + "[" * 100 + "]" * 100,
    "k: \"\\\"\" " + "[" * 100 + "]" * 100,
    "{a: '" + "[" * 100 + "', b: " + "[" * 100 + "]" * 100 + "}",
]


def test_hostile_texts_are_bounded_or_counted():
    for text in HOSTILE:
        assert_bound(text)


def test_a_plan_with_expressions_and_department_lists_is_bounded_without_counting():
    text = ("year: 2024\npreamble: '{{ year }}年，总体要求是：[坚持]立德树人。'\nsections:\n  - title: 第一部分\n    tasks:\n"
            "      - title: \"推进{{ year }}年工作\"\n        departments: [甲科, 乙科]\n")
    bound = depth_bound(text)
    assert bound is not None and parser_depth(text) <= bound <= MAX_DEPTH


def test_a_deep_file_is_still_refused(tmp_path):
    path = tmp_path / "deep.yaml"
    for text in ("a: " + "[" * 5000 + "]" * 5000, "".join(" " * i + "k:\n" for i in range(200)) + " " * 200 + "v"):
        path.write_text(text, encoding="utf-8")
        try:
            load_yaml(path)
        except PlanError as exc:
            assert exc.diagnostics[0].code == "PF001" and "嵌套超过" in exc.diagnostics[0].message
        else:
            raise AssertionError("a file nested deeper than any plan was read")


@settings(max_examples=1500, deadline=None)
@given(st.text(alphabet="[]{}'\"#:-,? \n\\ab*&|>", max_size=120))
def test_random_texts_are_bounded_or_counted(text):
    assert_bound(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "{", "}", "'", '"', "''", "k: ", "- ", "\n", "\n  ", "\n    ", "a", "x y", ", ",
                                 "#", ": ", "\\\"", "? "]), max_size=60).map("".join))
def test_random_structures_are_bounded_or_counted(text):
    assert_bound(text)


values = st.recursive(
    st.text(alphabet="ab[]{}'\": #,-", max_size=8) | st.integers(),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(alphabet="ab[", min_size=1, max_size=3), children, max_size=3),
    max_leaves=30,
)


@settings(max_examples=500, deadline=None)
@given(values, st.sampled_from([None, True, False]), st.integers(min_value=10, max_value=80))
def test_dumped_data_is_bounded_or_counted(value, flow, width):
    assert_bound(yaml.safe_dump(value, default_flow_style=flow, width=width, allow_unicode=True))


# The bound as first written (a pattern anchored at every line, each bracket line walked): the faster
# scan must give the same number, not only a safe one.
_OLD_PREFIX = re.compile(r"^[ \-?:]*", re.M)
_OLD_FLOW_LINE = re.compile(r"^.*[\[{].*$", re.M)


def old_depth_bound(text: str) -> int | None:
    if "*" in text or "&" in text:
        return None
    flow = 0
    for match in _OLD_FLOW_LINE.finditer(text):
        line = match.group()
        if "'" in line or '"' in line or "#" in line:
            if _QUOTED_ENTRY.fullmatch(line):
                continue
            return None
        depth = opened = 0
        for char in _NOT_BRACKET.sub("", line):
            depth += 1 if char in "[{" else -1
            opened += char in "[{"
            if depth < 0:
                return None
        if depth:
            return None
        flow = max(flow, opened)
    block = max(map(len, _OLD_PREFIX.findall(text)), default=0)
    return 2 * (block + 1) + 1 + flow


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "{", "}", "'", '"', "k: ", "- ", "? ", "\n", "\n  ", "\n    ", "a", ", ", "#",
                                 ": ", "\n- [a, b]", "\nk: [a]", "\n  - {a: b}", "\nk: '[x]'", "[{"]), max_size=60).map("".join))
def test_the_faster_scan_gives_the_old_bound(text):
    assert depth_bound(text) == old_depth_bound(text), text
    for example in HOSTILE:
        assert depth_bound(example) == old_depth_bound(example)
