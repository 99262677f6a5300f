"""SIGKILL at any moment never leaves a broken file: each output, and a plan fixed in place, is old or new.

``render`` and ``check --fix`` run as real processes and are killed at random
points of their run, a bounded number of times; the seed is in the assertion
message, so a failure can be replayed.
"""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
ROUNDS = 6


def planforge(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "planforge.cli", *map(str, args)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def timed_run(*args) -> float:
    start = time.monotonic()
    assert planforge(*args).wait() == 0
    return time.monotonic() - start


def big_plan(title: str, body: str) -> str:
    tasks = "".join(f"      - title: 任务{i}{title}\n        body: {body}\n" for i in range(300))
    return f"year: 2024\nissuer: 示例县教育局\nsections:\n  - title: 加强党的建设\n    tasks:\n{tasks}"


def kill_points(duration: float, seed: int) -> list[float]:
    """Moments spread over the whole run, more of them near its end where files are written."""
    rng = random.Random(seed)
    return [rng.uniform(0, duration) if i % 2 else rng.uniform(0.6 * duration, 1.1 * duration) for i in range(ROUNDS)]


def test_render_killed_anywhere_leaves_each_output_old_or_new(tmp_path):
    seed = random.SystemRandom().randrange(10**6)
    plan = tmp_path / "2024.yaml"
    old_dir, new_dir, out = tmp_path / "old", tmp_path / "new", tmp_path / "out"
    plan.write_text(big_plan("抓好理论学习", "全年组织集中学习。"), encoding="utf-8")
    timed_run("render", plan, "-o", old_dir, "--to", "md,docx")
    plan.write_text(big_plan("管好教育经费", "落实预算绩效管理。"), encoding="utf-8")
    duration = timed_run("render", plan, "-o", new_dir, "--to", "md,docx")
    names = ("2024.md", "2024.docx")
    old = {n: (old_dir / n).read_bytes() for n in names}
    new = {n: (new_dir / n).read_bytes() for n in names}
    for moment in kill_points(duration, seed):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(old_dir, out)
        process = planforge("render", plan, "-o", out, "--to", "md,docx")
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        for name in names:
            data = (out / name).read_bytes()
            assert data in (old[name], new[name]), f"{name} is neither old nor new (seed {seed}, kill at {moment:.2f}s)"
    assert planforge("render", plan, "-o", out, "--to", "md,docx").wait() == 0
    assert sorted(os.listdir(out)) == sorted(names), "temporaries of killed runs are cleaned up"


def test_check_fix_killed_anywhere_leaves_the_plan_old_or_fixed(tmp_path):
    seed = random.SystemRandom().randrange(10**6)
    original = big_plan("抓好理论学习", "全年组织集中学习(每月一次)。").encode("utf-8")
    reference = tmp_path / "reference" / "2024.yaml"
    reference.parent.mkdir()
    reference.write_bytes(original)
    duration = timed_run("check", reference, "--fix")
    fixed = reference.read_bytes()
    assert fixed != original and "（每月一次）".encode() in fixed
    plan = tmp_path / "plans" / "2024.yaml"
    plan.parent.mkdir()
    for moment in kill_points(duration, seed):
        plan.write_bytes(original)
        process = planforge("check", plan, "--fix")
        time.sleep(moment)
        process.send_signal(signal.SIGKILL)
        process.wait()
        assert plan.read_bytes() in (original, fixed), f"plan is neither old nor fixed (seed {seed}, kill at {moment:.2f}s)"
