"""planforge's own validator (planforge.validation) against pydantic reading the same declaration.

pydantic is what writes the JSON Schema (planforge.schemagen.pydantic_model) but is kept off the
load path for speed (issue 13).  Here both validate the same generated files, valid and not —
wrong types, missing and unknown keys, blank and punctuation-only titles, dates that do not exist,
numbers where text is expected, infinities — and must agree on what they accept, on the typed
result, and on every problem's kind and place.
"""
import dataclasses
import datetime as dt
import typing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from planforge.model import Department, Organisation, Plan
from planforge.schemagen import pydantic_model
from planforge.typed import default_of, hints, is_model
from planforge.validation import validate

# what YAML may give where anything else was expected
ODD = st.sampled_from([None, True, False, 0, 7, 2024, 1948, 3000, -1.5, 2.0, float("inf"), "", " ", "  文字 ", "。。。",
                       "yes", "2024-02-30", "2024年2月3日", "PF306", "a b", [], ["甲"], {}, {"x": 1}, [{}], [None]])
TEXT = st.one_of(st.text(alphabet="甲乙科a1 。，、\n\u3000", max_size=8), st.sampled_from(["2024-12-31", "2023年2月29日", "2024-13-01"]))
KEYS = st.sampled_from(["a", "mark_max_size_pt", "double_sided"])


def values(tp, wild: bool) -> st.SearchStrategy:
    """Values for a field of type ``tp``: of its type, and when ``wild`` sometimes anything."""
    return st.one_of(typed(tp, wild), typed(tp, wild), ODD) if wild else typed(tp, wild)


def typed(tp, wild: bool = True) -> st.SearchStrategy:
    """Files of type ``tp``; tame ones (``wild=False``) have every required key, no unknown key
    and values of the declared types, so that most pass and the typed results can be compared."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:  # a text where a list is expected is a convenience form
        return st.one_of(typed(args[0], wild), TEXT) if wild else typed(args[0], wild)
    if origin is typing.Union:
        return st.one_of(*(typed(a, wild) for a in args))
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin is list:
        return st.lists(values(args[0], wild), max_size=3)
    if origin is dict:
        return st.dictionaries(KEYS, values(args[1], wild), max_size=2)
    if is_model(tp):
        fields = {f.name: values(hints(tp)[f.name], wild) for f in dataclasses.fields(tp)}
        required = {f.name for f in dataclasses.fields(tp) if default_of(f) is None}
        if not wild:
            return st.fixed_dictionaries({name: fields[name] for name in required},
                                         optional={name: s for name, s in fields.items() if name not in required})
        extra = st.dictionaries(st.sampled_from(["titel", "标题", "sections"]), ODD, max_size=1)
        return st.builds(lambda known, more: {**more, **known}, st.fixed_dictionaries({}, optional=fields), extra)
    if tp is str and not wild:
        return st.text(alphabet="甲乙科a1 ，、", min_size=1, max_size=6).filter(lambda t: t.strip(" ，、"))
    return {str: TEXT, int: st.integers(1940, 3010), float: st.floats(allow_nan=False),
            bool: st.booleans(), type(None): st.none(), dt.date: TEXT}[tp]


UNION_TAGS = {"bool", "float", "str", "constrained-str"}


def place(loc) -> tuple:
    """A problem's place without the name of the union member that complained."""
    loc = tuple(loc)
    return loc[:-1] if loc and loc[-1] in UNION_TAGS else loc


def agree(cls, data):
    ours, problems = validate(cls, data)
    try:
        theirs = pydantic_model(cls).model_validate(data)
    except ValidationError as exc:
        expected = {(e["type"], place(e["loc"])) for e in exc.errors()}
        assert ours is None and {(p.kind, place(p.loc)) for p in problems} == expected, data
        messages = {place(e["loc"]): e["msg"] for e in exc.errors() if e["type"].startswith("PF")}
        assert {place(p.loc): p.message for p in problems if p.kind.startswith("PF")} == messages
        return
    assert not problems, (data, problems)
    assert dataclasses.asdict(ours) == theirs.model_dump()


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(typed(Plan))
def test_plans_are_judged_alike(data):
    agree(Plan, data)


@SETTINGS
@given(typed(Plan, wild=False))
def test_tame_plans_are_judged_alike(data):
    agree(Plan, data)


@SETTINGS
@given(typed(Organisation))
def test_org_files_are_judged_alike(data):
    agree(Organisation, data)


@pytest.mark.parametrize("data", [
    {"year": 2024, "sections": [{"title": " 一部分。", "tasks": [{"title": "任务。", "departments": "甲科、乙科"}]}]},
    {"year": "2024", "sections": []},
    {"year": True, "sections": [{"title": "。。。"}], "numbering": "by-section"},
    {"year": 2024, "sections": [{"title": "部分"}], "notice": {"date": "2024年2月30日", "doc_number": 3}},
    {"year": 2024, "sections": [{"title": "部分"}], "goals": [{"metrics": [{"name": "率", "target": float("inf")}]}]},
    {"year": 2024, "sections": [{"title": "部分"}], "org": {"layout": {"mark_max_size_pt": 40, "double_sided": None}}},
    {"year": 2024, "sections": [{"title": "部分", "tasks": [{"title": "任务", "deadline": "2024-02-30", "id": "a b"}]}]},
    {"year": 2024, "sections": [{"title": "部分"}], "lint": {"ignore": ["PF306", 306]}, "标题": "x"},
    "year: 2024",
])
def test_known_cases_are_judged_alike(data):
    agree(Plan, data)


def test_the_result_is_typed_and_normalised():
    plan, problems = validate(Plan, {"year": 2024, "preamble": "第一段\n续\n\n第二段", "goals": [{"text": "目标"}],
                                     "sections": [{"title": " 部分。 ", "tasks": [{"title": "任务。", "departments": "甲科、乙科"}]}],
                                     "notice": {"date": "2024年2月26日", "doc_number": 3}})
    assert problems == []
    assert plan.preamble.text == ["第一段续", "第二段"] and plan.goals.items[0].text == "目标"
    section = plan.sections[0]
    assert section.title == "部分。" and section.tasks[0].title == "任务" and section.tasks[0].departments == ["甲科", "乙科"]
    assert plan.notice.date == dt.date(2024, 2, 26) and plan.notice.doc_number == "3"
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.year = 2025


def test_every_problem_is_reported_not_only_the_first():
    _, problems = validate(Plan, {"year": "2024", "sections": [{"title": ""}, {"tasks": [{"title": "x", "dedline": 1}]}]})
    assert [(p.kind, p.loc) for p in problems] == [
        ("int_type", ("year",)), ("string_too_short", ("sections", 0, "title")),
        ("missing", ("sections", 1, "title")), ("extra_forbidden", ("sections", 1, "tasks", 0, "dedline"))]


def test_a_department_alone():
    assert validate(Department, {"name": 110, "aliases": "甲、乙"})[0] == Department(name="110", aliases=["甲", "乙"])
