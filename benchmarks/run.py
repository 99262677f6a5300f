"""Benchmarks: cost per plan size, as ratios measured in the same run.

    python benchmarks/run.py            # all sizes
    python benchmarks/run.py --quick    # 100 and 1,000 tasks only (31 and 1,000 in the comparison)
    python benchmarks/run.py --compare  # only the comparison with pandoc and docxtpl

First one table, planforge next to pandoc on the same content: for the example
plan (31 tasks) and generated plans of 1,000 and 10,000 tasks, `planforge
render --to docx` and `--to md` in a fresh process (cold; the compiled
templates already in the cache folder, and once with an empty one) against
`pandoc plan.md -o plan.docx` on planforge's own Markdown of the plan; the same
render in-process a second time (warm: load, validate, compose, write), and
docxtpl filling a DOCX template of the same layout in-process (installed with
``pip install -e ".[bench]"``; skipped with a note when absent); then the
import-time budget of each command (milliseconds, and whether it loads any of
the heavy libraries).  Then, for generated plans of 100, 1,000 and 10,000 tasks, the in-process
time of each stage (load+validate, Markdown, DOCX, notice) and the ratio to
the next smaller size: linear cost shows as ~10×.  Then ``new``, ``tasks -o .xlsx`` and
``diff`` of plans without ids at the same sizes.  Then the in-process time
to import a 35-task and a 1,000-task DOCX, and the cold time of
`planforge render` on the example next to pandoc converting the same
Markdown to DOCX (when pandoc is installed), as a reference for start-up.
Last, title line breaking: the time to balance titles of 27 to 432
characters (ratio to the next shorter: linear shows as ~4×) and a worst
case (432 digits: no word breaks, so a break may fall anywhere), and what the
word segmenter costs in a fresh process (import + dictionary + first title)
and per title once loaded, next to a process that only imports
planforge.linebreak, and next to jieba when it is installed.

    python benchmarks/run.py --titles   # title line breaking only
"""
from __future__ import annotations

import argparse
import io
import itertools
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from planforge.load import load_plan  # noqa: E402
from planforge.render import PRODUCERS  # noqa: E402
from planforge.templating import Templates  # noqa: E402
from planforge.usercache import CACHE_ENV  # noqa: E402

BODY = "推进集团化办学，新组建教育集团8个，实现城区学校集团化办学全覆盖。实施薄弱学校改造提升工程，缩小城乡、校际办学差距。"


def generate_plan(tasks: int, folder: Path) -> Path:
    """A plan with ``tasks`` tasks in sections of 25, and an org registry."""
    (folder / "org.yaml").write_text(
        "issuer: [中共示例市委教育工作委员会, 示例市教育局]\ndoc_code: 示教发\n"
        "departments:\n" + "".join(f"  - name: 科室{i}\n" for i in range(20)),
        encoding="utf-8",
    )
    lines = ["year: 2024", "preamble: '{{ year }}年，全市教育工作的总体要求是：坚持立德树人。'", "sections:"]
    for n in range(tasks):
        if n % 25 == 0:
            lines.append(f"  - title: 第{n // 25 + 1}部分重点工作")
            lines.append("    tasks:")
        lines += [
            f"      - id: task-{n}",
            f"        title: 推动第{n}项重点工作落地见效",
            f"        body: {BODY}",
            f"        departments: [科室{n % 20}, 科室{(n + 7) % 20}]",
        ]
    lines += ["notice:", "  doc_number: 3", "  date: 2024-02-20"]
    path = folder / f"plan-{tasks}.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def best_of(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def stages():
    """Stage name → producer(loaded plan, templates), exactly as `planforge render` runs them."""
    return {name: produce for name, (_, produce) in PRODUCERS.items()}


def measure_sizes(sizes: list[int]) -> None:
    templates = Templates()
    print(f"{'tasks':>8} {'stage':<14} {'seconds':>9} {'× previous size':>16}")
    previous: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = generate_plan(size, Path(tmp))
            repeat = 3 if size <= 1000 else 2
            results = {"load+validate": best_of(lambda path=path: load_plan(path), repeat)}
            loaded = load_plan(path)
            for name, fn in stages().items():
                results[name] = best_of(lambda fn=fn, loaded=loaded: fn(loaded, templates), repeat)
            for name, seconds in results.items():
                ratio = f"{seconds / previous[name]:.1f}×" if name in previous else "—"
                print(f"{size:>8} {name:<14} {seconds:>9.4f} {ratio:>16}")
            previous = results


def measure_commands(sizes: list[int]) -> None:
    """The commands that were quadratic once (issue 10): ``new``, ``tasks -o .xlsx``, ``diff`` of plans
    without ids (a tenth of the tasks edited).  Linear shows as ~10×."""
    import re

    from planforge.breakdown import rows
    from planforge.breakdown_xlsx import write_xlsx
    from planforge.diff import diff_plans
    from planforge.rollover import roll_forward

    print(f"\n{'tasks':>8} {'command':<14} {'seconds':>9} {'× previous size':>16}")
    previous: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = generate_plan(size, Path(tmp))
            text = re.sub(r"      - id: task-\d+\n        title", "      - title", path.read_text(encoding="utf-8"))
            old, new = Path(tmp) / f"old-{size}.yaml", Path(tmp) / f"new-{size}.yaml"
            old.write_text(text, encoding="utf-8")
            new.write_text(re.sub(r"(第\d*0项重点工作)", r"\1（修订）", text), encoding="utf-8")
            loaded, pair = load_plan(path), (load_plan(old), load_plan(new))
            results = {
                "new": best_of(lambda: roll_forward(path, 2025, Path(tmp) / "2025.yaml"), 1),
                "tasks .xlsx": best_of(lambda: write_xlsx(loaded.plan, rows(loaded.plan)), 1),
                "diff, no ids": best_of(lambda: diff_plans(*pair), 1),
            }
            for name, seconds in results.items():
                ratio = f"{seconds / previous[name]:.1f}×" if name in previous else "—"
                print(f"{size:>8} {name:<14} {seconds:>9.4f} {ratio:>16}")
            previous = results


def measure_import() -> None:
    """In-process time to import a 35-task and a 1,000-task DOCX (rendered from generated plans)."""
    from planforge.importing import import_document

    print(f"\n{'tasks':>8} {'stage':<14} {'seconds':>9} {'× previous size':>16}")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for size in (35, 1000):
            folder = Path(tmp) / str(size)
            folder.mkdir()
            path = generate_plan(size, folder)
            docx = folder / "plan.docx"
            docx.write_bytes(PRODUCERS["docx"][1](load_plan(path), Templates()))

            runs = itertools.count()

            def run(size=size, docx=docx, runs=runs):
                out = Path(tmp) / f"out-{size}-{next(runs)}" / "2024.yaml"  # a fresh folder: import never overwrites
                out.parent.mkdir()
                import_document(docx, out)

            seconds = best_of(run, 3)
            ratio = f"{seconds / previous:.1f}× ({1000 / 35:.0f}× tasks)" if previous else "—"
            print(f"{size:>8} {'import docx':<14} {seconds:>9.4f} {ratio:>16}")
            previous = seconds


PLANFORGE = [sys.executable, "-m", "planforge"]
HEAVY = ("pydantic", "jinja2", "yaml", "lxml", "docx", "openpyxl", "rich", "typer", "click", "rjieba")


# The environment of the fresh processes: Python as it runs after ``pip install``, which compiles the
# modules once.  A machine that sets PYTHONDONTWRITEBYTECODE (as containers often do) would have every cold
# run compile planforge's modules from source again (≈45 ms; the installed libraries have their compiled
# files already), which no installed copy does.  The compiled files go to a temporary folder of their own
# (PYTHONPYCACHEPREFIX), not into the checkout; the first, untimed run of each size writes them.
COLD_ENV = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


def _cold(command: list[str], repeat: int, env: dict | None = None) -> float:
    """Best wall time of ``command`` in a fresh process."""
    env = env or COLD_ENV
    return best_of(lambda: subprocess.run(command, check=True, capture_output=True, env=env, cwd=ROOT), repeat)


def _cold_side_by_side(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """Best wall time of each command in fresh processes, run in turn (A B C A B C …), so that a burst of load
    on a shared machine falls on all of them alike rather than on one."""
    best = {name: float("inf") for name in commands}
    for _ in range(repeat):
        for name, command in commands.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True, env=COLD_ENV, cwd=ROOT)
            best[name] = min(best[name], time.perf_counter() - start)
    return best


def _docxtpl_template(folder: Path) -> Path | None:
    """A docxtpl template with planforge's own layout: its styles, page and footers, one paragraph per
    title, heading and task (run-in lead, body, responsibility note), as a hand-made template would be."""
    try:
        import docxtpl  # noqa: F401
    except ImportError:
        return None
    import zipfile

    sample = generate_plan(1, folder)
    package = PRODUCERS["docx"][1](load_plan(sample), Templates())
    source = zipfile.ZipFile(io.BytesIO(package))
    document = source.read("word/document.xml").decode("utf-8")
    section = re.search(r"<w:sectPr>.*?</w:sectPr>\s*</w:body>", document, re.S).group()
    text = '<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r>'

    def para(style: str, *runs: str) -> str:
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr>{"".join(runs)}</w:p>'

    body = "".join([
        para("PFTitle", text.format("{{ title }}")),
        para("PFBody", text.format("{%p for s in sections %}")),
        para("PFHeading1", text.format("{{ s.title }}")),
        para("PFBody", text.format("{%p for t in s.tasks %}")),
        para("PFBody", text.format("{{ t.lead }}").replace('<w:rFonts', '<w:rStyle w:val="PFRunIn"/><w:rFonts'),
             text.format("{{ t.body }}"), text.format("{{ t.note }}")),
        para("PFBody", text.format("{%p endfor %}")),
        para("PFBody", text.format("{%p endfor %}")),
    ])
    head = document[:document.index("<w:body>") + len("<w:body>")]
    template = folder / "docxtpl-template.docx"
    with zipfile.ZipFile(template, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = (head + body + section + "</w:document>").encode("utf-8") if name == "word/document.xml" else source.read(name)
            out.writestr(name, data)
    return template


def _docxtpl_context(loaded) -> dict:
    """The composed plan (numbers, run-in leads, notes) as docxtpl's context: the same words, prepared beforehand."""
    from planforge.compose import compose_plan
    from planforge.document import Heading, Task, Title

    context: dict = {"title": "", "sections": []}
    for block in compose_plan(loaded.plan, Templates()).blocks:
        if isinstance(block, Title):
            context["title"] = block.text
        elif isinstance(block, Heading):
            context["sections"].append({"title": block.text, "tasks": []})
        elif isinstance(block, Task) and context["sections"]:
            parts = {style: "".join(r.text for r in block.runs if r.style in styles)
                     for style, styles in (("lead", ("number", "lead")), ("body", ("",)), ("note", ("note",)))}
            context["sections"][-1]["tasks"].append(parts)
    return context


def _docxtpl_render(template: Path, context: dict) -> bytes:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    document.render(context)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _import_budget(code: str) -> tuple[float, list[str]]:
    """Milliseconds of imports (``-X importtime``, best of three) and the heavy libraries among them."""
    best, heavy = float("inf"), []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, cwd=ROOT, env=COLD_ENV)
        rows = [line.split("|") for line in out.stderr.splitlines() if line.startswith("import time:") and "|" in line]
        rows = [(int(cumulative), name) for _, cumulative, name in rows if cumulative.strip().isdigit()]
        total = sum(us for us, name in rows if not name.startswith("  ")) / 1000  # top-level imports only
        if total < best:
            best = total
            heavy = [lib for lib in HEAVY if any(name.strip() == lib for _, name in rows)]
    return best, heavy


def measure_comparison(sizes: list[int]) -> None:
    """planforge next to pandoc (and docxtpl) on the same content, cold and warm; the import-time budget."""
    pandoc = shutil.which("pandoc")
    print(f"{'tasks':>7} {'what':<48} {'seconds':>8} {'× pandoc':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = _docxtpl_template(folder / "tpl") if (folder / "tpl").mkdir() is None else None
        empty_cache = dict(COLD_ENV, **{CACHE_ENV: str(folder / "empty-cache")})
        for size in sizes:
            plan = ROOT / "plans" / "2024.yaml" if size == 31 else generate_plan(size, folder)
            loaded = load_plan(plan)
            md = folder / f"{size}.md"
            md.write_bytes(PRODUCERS["md"][1](loaded, Templates()))
            # best of several, more where a run is short: one run on a shared machine is too noisy for a ratio
            repeat = {31: 9, 1000: 5}.get(size, 3)
            out = str(folder / f"out-{size}")
            _cold(PLANFORGE + ["render", str(plan), "--to", "docx", "-o", out], 1)  # templates compiled into the cache
            cold = _cold_side_by_side({
                **({"pandoc": [pandoc, str(md), "-o", str(folder / "pandoc.docx")]} if pandoc else {}),
                "docx": PLANFORGE + ["render", str(plan), "--to", "docx", "-o", out],
                "md": PLANFORGE + ["render", str(plan), "--to", "md", "-o", out]}, repeat)
            rows = []
            reference = cold.get("pandoc")
            rows.append(("pandoc plan.md -o plan.docx (cold)", reference))
            rows.append(("planforge render --to docx (cold)", cold["docx"]))
            if size == 31:
                def first_run():
                    shutil.rmtree(folder / "empty-cache", ignore_errors=True)
                    subprocess.run(PLANFORGE + ["render", str(plan), "--to", "docx", "-o", out], check=True,
                                   capture_output=True, env=empty_cache, cwd=ROOT)
                rows.append(("planforge render --to docx (cold, empty cache)", best_of(first_run, repeat)))
            rows.append(("planforge render --to md (cold)", cold["md"]))
            produce = PRODUCERS["docx"][1]
            templates = Templates()
            rows.append(("planforge load+compose+write docx (warm)", best_of(lambda: produce(load_plan(plan), templates), repeat)))
            if template is not None:
                context = _docxtpl_context(loaded)
                rows.append(("docxtpl render+save, context ready (warm)", best_of(lambda: _docxtpl_render(template, context), repeat)))
            for what, seconds in rows:
                ratio = f"{seconds / reference:.2f}×" if reference and seconds is not None else "—"
                shown = f"{seconds:8.3f}" if seconds is not None else f"{'—':>8}"
                print(f"{size:>7} {what:<48} {shown} {ratio:>9}")
        if pandoc is None:
            print("pandoc is not installed: no reference (the ratios need it).")
        if template is None:
            print('docxtpl is not installed (pip install -e ".[bench]"): no docxtpl rows.')

    print(f"\n{'command':<20} {'imports, ms':>12}  heavy libraries loaded")
    budgets = {
        "--version / --help": "import planforge.cli",
        "render": "import planforge.cli, planforge.render, planforge.writers.docx, planforge.writers.markdown",
        "check": "import planforge.cli, planforge.check",
        "import": "import planforge.cli, planforge.importing",
    }
    for command, code in budgets.items():
        ms, heavy = _import_budget(code)
        print(f"{command:<20} {ms:>12.0f}  {', '.join(heavy) or '—'}")


def measure_folder(count: int = 100) -> None:
    """``check`` and ``render`` of a folder of ``count`` plans in one process, next to ``count`` pandoc runs."""
    pandoc = shutil.which("pandoc")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plans"
        folder.mkdir()
        text = (ROOT / "plans" / "2024.yaml").read_text(encoding="utf-8")
        shutil.copy(ROOT / "plans" / "org.yaml", folder / "org.yaml")
        for i in range(count):
            (folder / f"p{i:03}.yaml").write_text(text, encoding="utf-8")
        md = Path(tmp) / "2024.md"
        md.write_bytes(PRODUCERS["md"][1](load_plan(folder / "p000.yaml"), Templates()))
        rows = [
            (f"planforge check (folder of {count})", _cold(PLANFORGE + ["check", str(folder)], 1)),
            (f"planforge render --to docx (folder of {count})", _cold(PLANFORGE + ["render", str(folder), "--to", "docx", "-o", str(Path(tmp) / "out")], 1)),
        ]
        reference = None
        if pandoc:
            reference = best_of(lambda: [subprocess.run([pandoc, str(md), "-o", str(Path(tmp) / "p.docx")], check=True)
                                         for _ in range(count)], 1)
            rows.insert(0, (f"{count} × pandoc plan.md -o plan.docx", reference))
        print(f"\n{'what':<52} {'seconds':>8} {'× pandoc':>9}")
        for what, seconds in rows:
            print(f"{what:<52} {seconds:8.3f} {f'{seconds / reference:.2f}×' if reference else '—':>9}")


TITLE = "中共示例市委教育工作委员会 示例市教育局2024年推进教育强市建设重点工作安排"
TITLE_WORDS = "示例市教育局关于推进教育强市建设深化教育领域综合改革全面提高教育质量的若干意见"

COLD_RJIEBA = f"""
import time; t = time.perf_counter()
from planforge.linebreak import balance
balance({TITLE!r}, 20)
print(time.perf_counter() - t)
"""
COLD_REFERENCE = """
import time; t = time.perf_counter()
from planforge.linebreak import balance
print(time.perf_counter() - t)
"""
COLD_JIEBA = f"""
import logging, sys, time; t = time.perf_counter()
import jieba
jieba.setLogLevel(logging.ERROR)
jieba.dt.tmp_dir = sys.argv[1]  # its prefix-dictionary cache: a temp folder, not the system's
jieba.lcut({TITLE!r})
print(time.perf_counter() - t)
"""


def measure_titles() -> None:
    """Title line breaking: cost per title length, and the segmenter's cold and warm cost."""
    from planforge import words
    from planforge.linebreak import allowed_breaks, balance

    os.environ[CACHE_ENV] = ""  # the segmenter's own cost: no words remembered from an earlier run
    words.word_starts(TITLE)  # load the segmenter first: measured separately below
    print(f"\n{'chars':>8} {'stage':<14} {'seconds':>9} {'× previous size':>16}")
    previous = None
    for size in (27, 108, 432):
        text = (TITLE_WORDS * (size // len(TITLE_WORDS) + 1))[:size]
        seconds = best_of(lambda text=text: (allowed_breaks.cache_clear(), balance(text, 20)), 3)
        ratio = f"{seconds / previous:.1f}×" if previous else "—"
        print(f"{size:>8} {'balance title':<14} {seconds:>9.4f} {ratio:>16}")
        previous = seconds
    worst = best_of(lambda: (allowed_breaks.cache_clear(), balance("1" * 432, 20)), 3)  # a break after every character
    print(f"{432:>8} {'432 digits':<14} {worst:>9.4f} {f'{worst / previous:.1f}× the title':>16}")

    def cold(code: str, *args: str) -> float:
        """In-process seconds reported by a fresh interpreter; best of three."""
        runs = []
        for _ in range(3):
            out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True, text=True,
                                 cwd=ROOT)
            runs.append(float(out.stdout.split()[-1]))
        return min(runs)

    reference = cold(COLD_REFERENCE)
    ours = cold(COLD_RJIEBA)
    warm = best_of(lambda: words.word_starts(TITLE), 5)
    print(f"\ncold import planforge.linebreak (reference):         {reference:.3f} s")
    print(f"cold import + first long title (rjieba, vocabulary): {ours:.3f} s  → ratio {ours / reference:.1f}×")
    print(f"warm: segmenting one more title:                     {warm * 1e6:.0f} µs")
    try:
        import jieba  # noqa: F401  (only for comparison; not a dependency)
    except ImportError:
        print("jieba is not installed; no comparison with it.")
        return
    with tempfile.TemporaryDirectory() as tmp:
        first = cold(COLD_JIEBA, tmp)  # builds and writes its cache
        cached = cold(COLD_JIEBA, tmp)  # reads it
    print(f"cold import + first title, jieba, no cache yet:     {first:.3f} s  → ratio {first / reference:.1f}×")
    print(f"cold import + first title, jieba, cache written:    {cached:.3f} s  → ratio {cached / reference:.1f}×")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="only 100 and 1,000 tasks")
    parser.add_argument("--titles", action="store_true", help="only title line breaking")
    parser.add_argument("--compare", action="store_true", help="only the comparison with pandoc and docxtpl")
    args = parser.parse_args()
    if args.titles:
        measure_titles()
        return
    pycache = tempfile.TemporaryDirectory()
    COLD_ENV["PYTHONPYCACHEPREFIX"] = pycache.name
    _cold(PLANFORGE + ["--version"], 1)  # compiled once, as pip install does
    _import_budget("import planforge.cli, planforge.render, planforge.check, planforge.importing")
    measure_comparison([31, 1000] if args.quick else [31, 1000, 10000])
    measure_folder(20 if args.quick else 100)
    if args.compare:
        return
    print()
    measure_sizes([100, 1000] if args.quick else [100, 1000, 10000])
    measure_commands([100, 1000] if args.quick else [100, 1000, 10000])
    measure_import()
    measure_titles()


if __name__ == "__main__":
    main()
