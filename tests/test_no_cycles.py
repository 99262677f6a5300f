"""A rendered plan is freed as soon as it is let go, not left to Python's cyclic collector.

The render path pauses the collector (planforge.gcpause); whatever it leaves in
reference cycles is collected in one pass over everything when the collector
resumes — for 10,000 tasks, half a million objects.  So: no block, run or YAML
node of the plan may be part of a cycle once the render is over."""
from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

from planforge.render import render_plan

PLAN = Path(__file__).resolve().parent.parent / "plans" / "2024.yaml"
PLAN_TYPES = {"Task", "Run", "Heading", "Paragraph", "ScalarNode", "MappingNode", "SequenceNode", "Mark", "Plan", "LoadedPlan"}


def test_rendering_leaves_no_cycles_holding_the_plan(tmp_path):
    render_plan(PLAN, tmp_path / "warm-up", ["docx"])  # templates compiled and cached first
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        render_plan(PLAN, tmp_path / "out", ["md", "docx", "notice", "html"])
        gc.collect()
        left = Counter(type(o).__name__ for o in gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()
    assert (tmp_path / "out" / f"{PLAN.stem}.docx").is_file()
    assert not {name: n for name, n in left.items() if name in PLAN_TYPES}, left.most_common(10)
