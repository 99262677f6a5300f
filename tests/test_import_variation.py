"""The variation harness (benchmarks/import_variation.py), reduced: known and generated plans in every
input shape, perturbed, imported and compared field by field.  The full run has ≥ 500 cases."""
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, need_tool
sys.path.insert(0, str(ROOT / "benchmarks"))
import import_variation as harness  # noqa: E402

PERTURBATIONS = ["none", "web copy (all)", "pdf copy (all)", "no title", "traditional", "notice title w/o 《》",
                 "goals numbered", "imprint table", "everything"]
TARGET = {"year": 1.0, "sections": 0.98, "task titles": 0.98, "bodies": 0.95, "departments": 0.98, "goals": 0.98, "notice": 0.95}


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    folder = tmp_path_factory.mktemp("variation")
    return [d for d in harness.known_docs(folder, randoms=0, corpus=False) if d[0] == "example 2024"][0], folder


def mean_scores(results):
    out = {}
    for name in harness.FIELDS:
        values = [r[name] for r in results if r[name] is not None]
        out[name] = sum(values) / len(values) if values else None
    return out


def test_f1_counts_matches_both_ways():
    assert harness.f1(["a", "b"], ["a", "b"]) == 1.0
    assert harness.f1(["a"], ["a", "b"]) == pytest.approx(2 / 3)
    assert harness.f1(["x"], ["a"]) == 0.0 and harness.f1([], []) is None
    assert harness.compare(None, harness.fields_of_doc(harness.random_doc(random.Random(1))))["year"] == 0.0


def test_perturbations_really_damage_the_text():
    doc = harness.random_doc(random.Random(3))
    plain = harness.lines_of(doc, harness.Style())
    for name in PERTURBATIONS[1:5]:
        style = harness.PERTURBATIONS[name](harness.Style())
        damaged = harness.damage(harness.lines_of(doc, style), style, random.Random(0))
        assert [t for _, t in damaged] != [t for _, t in plain], name


@pytest.mark.parametrize("shape", harness.SHAPES)
def test_example_plan_in_every_shape_and_perturbation(example, shape):
    (name, doc, path), folder = example
    results = []
    for i, perturbation in enumerate(PERTURBATIONS):
        rng = random.Random(i)
        style = harness.PERTURBATIONS[perturbation](harness.Style(
            number=rng.choice(harness.NUMBERS), label=rng.choice(harness.LABELS), date=rng.choice(["chinese", "iso", "hanzi", "digits"])))
        results.append(harness.run_case(harness.Case(f"{name}/{shape}/{perturbation}", doc, shape, style, path, seed=i), folder / shape))
    scores = mean_scores(results)
    assert {k: v for k, v in scores.items() if v is not None and v < TARGET[k]} == {}, scores


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.randoms(use_true_random=False), st.sampled_from(harness.SHAPES), st.sampled_from(PERTURBATIONS))
def test_generated_plans(tmp_path_factory, rng, shape, perturbation):
    doc = harness.random_doc(rng)
    style = harness.PERTURBATIONS[perturbation](harness.Style(
        number=rng.choice(harness.NUMBERS), label=rng.choice(harness.LABELS), date=rng.choice(["chinese", "iso", "hanzi", "digits"])))
    scores = harness.run_case(harness.Case("generated", doc, shape, style, seed=rng.randint(0, 999)), tmp_path_factory.mktemp("gen"))
    assert {k: v for k, v in scores.items() if v is not None and v < TARGET[k]} == {}, scores


def test_pdf_of_a_perturbed_word_file(tmp_path, example):
    """Word with automatic numbering and the 版记 as a table, printed to PDF by LibreOffice, then imported."""
    soffice = need_tool("soffice")
    (name, doc, path), _ = example
    doc = harness.random_doc(random.Random(5))
    style = harness.Style(number="1、", label="责任股室", imprint_table=True, title="split")
    lines = harness.damage(harness.lines_of(doc, style), style, random.Random(0))
    docx_path = harness.write_docx(tmp_path / "plan.docx", lines, style, automatic=True)
    subprocess.run([soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx_path)], check=True, capture_output=True, timeout=180)
    got = harness.import_fields(tmp_path / "plan.pdf", tmp_path)
    scores = harness.compare(got, harness.fields_of_doc(doc))
    assert {k: v for k, v in scores.items() if v is not None and v < TARGET[k]} == {}, scores
