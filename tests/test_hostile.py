"""The hostile corpus: every input an attack found, with the diagnostic it must get.

``tests/hostile/<command>/<case>`` holds one input per file.  Its first lines say
how to run it and what must happen::

    # args: new 2025 --from {file} -o {out}/2025.yaml     (default per folder)
    # expect: EXIT CODE LINE:COL WORDS                     (``-`` for "any")

Every case also asserts what holds for all of them: no traceback, never exit 3
(“内部错误”), nothing in the output folder after a failure, and every source
file byte-for-byte as it was.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

HOSTILE = Path(__file__).parent / "hostile"
DEFAULT_ARGS = {"check": "check {file}", "render": "render {file} -o {out}", "tasks": "tasks {file} -o {out}/t.xlsx"}
CASES = sorted(p for p in HOSTILE.glob("*/*") if p.is_file())


def header(path: Path) -> tuple[str, str]:
    lines = path.read_bytes().decode("utf-8", "surrogatepass").splitlines()[:2]
    args = next((line[len("# args: "):] for line in lines if line.startswith("# args: ")), DEFAULT_ARGS.get(path.parent.name))
    expect = next(line[len("# expect: "):] for line in lines if line.startswith("# expect: "))
    return args, expect


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stage(case: Path, tmp_path: Path) -> Path:
    """The case in a folder of its own, beside an org.yaml and a templates/ folder it must not touch."""
    folder = tmp_path / "plans"
    (folder / "templates" / "text").mkdir(parents=True)
    (folder / "templates" / "README.txt").write_text("自定义模板放在这里。\n", encoding="utf-8")
    (folder / "org.yaml").write_text("issuer: 示例县教育局\n", encoding="utf-8")
    shutil.copyfile(case, folder / case.name)
    return folder / case.name


def run_case(cli, case: Path, args: str, tmp_path: Path):
    file = stage(case, tmp_path)
    out = tmp_path / "out"
    before = snapshot(file.parent)
    argv = [a.format(file=file, out=out, dir=file.parent) for a in args.split()]
    status, stdout, stderr = cli(*argv)
    assert "Traceback" not in stdout + stderr and "内部错误" not in stderr, stderr
    assert status != 3
    assert snapshot(file.parent) == before, "a source file changed"
    if status != 0:
        assert not out.exists() or not any(out.rglob("*")), f"files written on failure: {list(out.rglob('*'))}"
    return status, stdout + stderr


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_hostile_case(cli, case, tmp_path):
    args, expect = header(case)
    exit_code, code, where, *words = expect.split(maxsplit=3) + [""] * 2
    status, output = run_case(cli, case, args, tmp_path)
    assert status == int(exit_code), output
    if code != "-":
        place = rf":{where}: " if where != "-" else r"(?::\d+:\d+)?: |^"
        assert re.search(rf"{re.escape(case.name) if where != '-' else ''}{place}错误: \[{code}\]", output, re.M), output
    if words and words[0]:
        assert words[0].strip() in output, output
    if case.parent.name == "check" and status == 2:  # the same plan through render: refused, nothing written
        status, output = run_case(cli, case, DEFAULT_ARGS["render"], tmp_path / "render")
        assert status == 2 and code in output, output
