"""Fuzzing plans: whatever the file says, planforge answers with a diagnostic or a document.

Hypothesis writes plans as YAML (through JSON, a subset of YAML, so that any
string survives as an escape) and as raw text, with control characters, lone
surrogates, huge numbers, expressions and YAML syntax mixed in.  For each,
``check``, ``render``, ``tasks``, ``new`` and ``diff`` must exit 0 or 2, never 3, without a traceback;
write nothing after a failure; and leave the plan byte for byte as it was.
"""
from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

NASTY = list("\x00\x01\x08\x0b\x1f\x7f\x85\u2028\ufeff\ufffe\t\r\n{}%#:-'\"[]&<>!*|>@`\\") + [
    "\ud800", "{{ year }}", "{{ 'a'*10**9 }}", "{% for i in range(99999) %}x{% endfor %}", "{{ issuers.pop() }}",
    "2024年2月30日", "2024-02-29", "。。。", "示例县教育局", "办公室", "①", "²"]
TEXT = st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=6)), max_size=6).map("".join)
NUMBER = st.one_of(st.integers(), st.integers(min_value=10**20, max_value=10**4000), st.floats(), st.just(2024))
VALUE = st.one_of(TEXT, NUMBER, st.none(), st.booleans(), st.lists(TEXT, max_size=3))
TASK = st.fixed_dictionaries({"title": st.one_of(TEXT, NUMBER)},
                             optional={"body": VALUE, "departments": VALUE, "deadline": VALUE, "id": VALUE})
SECTION = st.fixed_dictionaries({"title": st.one_of(TEXT, NUMBER)}, optional={"tasks": st.lists(TASK, max_size=3)})
PLAN = st.fixed_dictionaries(
    {"year": st.one_of(st.just(2024), NUMBER, TEXT), "sections": st.one_of(st.lists(SECTION, min_size=1, max_size=3), VALUE)},
    optional={"kind": VALUE, "title": VALUE, "issuer": VALUE, "numbering": VALUE,
              "notice": st.fixed_dictionaries({}, optional={"doc_number": VALUE, "date": VALUE, "recipients": VALUE}),
              "org": st.one_of(VALUE, st.fixed_dictionaries({}, optional={
                  "fonts": st.fixed_dictionaries({}, optional={"heiti": VALUE}),
                  "layout": st.dictionaries(st.sampled_from(["body_size_pt", "mark_color", "nope"]), VALUE, max_size=2),
                  "doc_code": VALUE}))})


def as_yaml(plan: dict, ascii_only: bool) -> bytes:
    return json.dumps(plan, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


FILES = st.one_of(
    st.builds(as_yaml, PLAN, st.booleans()),
    TEXT.map(lambda t: ("year: 2024\nissuer: 甲局\nsections:\n  - title: " + t + "\n").encode("utf-8", "surrogatepass")),
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                             HealthCheck.too_slow])
@given(data=FILES)
def test_any_plan_gets_a_diagnostic_or_a_document(cli, tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("fuzz")
    plan = folder / "2024.yaml"
    plan.write_bytes(data)
    out = {name: folder / f"out-{name}" for name in ("render", "tasks", "new")}
    for args in (("check", plan), ("render", plan, "-o", out["render"], "--to", "md,docx"),
                 ("tasks", plan, "-o", out["tasks"] / "t.xlsx"), ("new", "2025", "--from", plan, "-o", out["new"] / "2025.yaml"),
                 ("diff", plan, plan, "--format", "json")):
        status, stdout, stderr = cli(*args)
        assert status in (0, 2), (args[0], status, stderr[-500:])
        assert "Traceback" not in stdout + stderr and "内部错误" not in stderr
        assert plan.read_bytes() == data, "the plan changed"
        target = out.get(args[0])
        if status != 0 and target is not None:
            assert not target.exists() or not any(target.iterdir()), f"{args[0]} wrote files for a plan with errors"
        elif args[0] == "new":
            assert cli("check", target / "2025.yaml")[0] in (0, 2)  # next year's plan is read like any plan
