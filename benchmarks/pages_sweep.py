"""Pages on variation: render random notices through LibreOffice and run every page check of `verify`.

    python benchmarks/pages_sweep.py            # 20 variants, seed 1
    python benchmarks/pages_sweep.py --seed 7 --count 50

Each variant draws its issuers (1–4), notice body (1–9 lines, one or two paragraphs), attachment,
附注, 抄送 length, title length, number of tasks (1–45) and single- or double-sided printing, so that
documents end on odd and even pages and first pages are half full, full and over-full.  Prints one line
per variant and the page checks that failed; exits 1 if any did.  The test suite runs a fixed handful
of these shapes (tests/test_pages.py); this is the wider net, for changes to the layout.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from planforge.compose import compose_notice  # noqa: E402
from planforge.load import load_plan  # noqa: E402
from planforge.pdf import docx_to_pdf  # noqa: E402
from planforge.pdfpages import read_pages  # noqa: E402
from planforge.templating import Templates  # noqa: E402
from planforge.verify_pages import check_pages  # noqa: E402
from planforge.writers.docx import write_docx  # noqa: E402
from variants import Variant, write_variant  # noqa: E402


def draw(rng: random.Random, k: int) -> Variant:
    return Variant(f"v{k}", issuers=rng.randint(1, 4), body_lines=rng.randint(1, 9), tasks=rng.randint(1, 45),
                   attachment=rng.random() < 0.4, cc=rng.randint(0, 16), note=rng.random() < 0.7,
                   long_title=rng.random() < 0.3, double_sided=rng.random() < 0.8, one_paragraph=rng.random() < 0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args()
    rng, failed = random.Random(args.seed), 0
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(args.count):
            v = draw(rng, k)
            folder = Path(tmp, v.name)
            folder.mkdir()
            write_variant(v, folder)
            loaded, templates = load_plan(folder / "2026.yaml"), Templates()
            data = write_docx(compose_notice(loaded.plan, templates), loaded.plan.org, templates)
            (folder / "notice.docx").write_bytes(data)
            pdf = docx_to_pdf(data, loaded.plan.org.fonts)
            bad = [c for c in check_pages(folder / "notice.docx", pdf, double_sided=v.double_sided) if c.status == "fail"]
            failed += bool(bad)
            print(f"{'OK  ' if not bad else 'FAIL'} {len(read_pages(pdf)):3d} pages  {v}", flush=True)
            for c in bad:
                print(f"       {c.clause} {c.rule}: {c.detail[:200]}")
    print(f"{args.count - failed} of {args.count} variants pass every page check")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
