"""Compiled templates kept between runs: never stale, never in the way, never a way out of the sandbox.

Each render here uses a fresh :class:`Templates` (an empty in-memory cache, as
in a new process), so what it does not compile comes from the cache folder."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from planforge.diagnostics import PlanError
from planforge.load import load_plan
from planforge.render import PRODUCERS
from planforge.templating import Templates
from planforge.usercache import CACHE_ENV, remembered

from docx_xml import Package

PLAN = ("year: 2024\nissuer: 甲局\ndepartments: []\nsections:\n  - title: 甲项工作\n    tasks:\n"
        "      - title: 推进示范校建设\n        body: 新建示范校3所。\n        departments: [基教科]\n"
        "notice:\n  doc_number: 甲发〔2024〕1号\n  recipients: 各学校\n  date: 2024-02-20\n")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder / "templates"


@pytest.fixture
def plan(tmp_path) -> Path:
    folder = tmp_path / "plans"
    (folder / "templates" / "text").mkdir(parents=True)
    (folder / "org.yaml").write_text("departments:\n  - name: 基教科\n", encoding="utf-8")
    path = folder / "2024.yaml"
    path.write_text(PLAN.replace("departments: []\n", ""), encoding="utf-8")
    return path


def render_docx(plan: Path, name: str = "docx") -> bytes:
    return PRODUCERS[name][1](load_plan(plan), Templates([plan.parent / "templates"]))


def body_text(docx: bytes) -> str:
    return "".join(Package(docx).document.itertext())


def test_templates_are_compiled_once_and_the_cached_code_gives_the_same_document(cache, plan):
    first = render_docx(plan, "notice")
    entries = sorted(cache.glob("*.code"))
    assert len(entries) >= 10, "every DOCX part's template and the text templates are kept"
    stamps = {entry: entry.stat().st_mtime_ns for entry in entries}
    assert render_docx(plan, "notice") == first
    assert {entry: entry.stat().st_mtime_ns for entry in entries} == stamps, "the second run only read the cache"


def test_an_override_edited_between_two_renders_shows_up_even_with_the_same_size_and_time(cache, plan):
    note = plan.parent / "templates" / "text" / "note.j2"
    note.write_text("（牵头：{{ departments | join('、') }}）", encoding="utf-8")
    assert "（牵头：基教科）" in body_text(render_docx(plan))
    stamp = note.stat()
    note.write_text("（主办：{{ departments | join('、') }}）", encoding="utf-8")  # same length
    os.utime(note, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))  # and the same time: only the text tells
    text = body_text(render_docx(plan))
    assert "（主办：基教科）" in text and "牵头：" not in text
    note.unlink()  # back to the built-in template
    assert "（责任科室：基教科。排名第一的为牵头科室，下同。）" in body_text(render_docx(plan))


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_a_corrupt_cache_is_compiled_over(cache, plan, damage):
    good = render_docx(plan, "notice")
    for entry in cache.glob("*.code"):
        data = entry.read_bytes()
        entry.write_bytes({"garbage": os.urandom(len(data)), "truncated": data[: len(data) // 2], "empty": b""}[damage])
    assert render_docx(plan, "notice") == good
    assert render_docx(plan, "notice") == good  # and the entries written over it are good again


def test_a_cache_folder_that_cannot_be_written_does_not_stop_rendering(tmp_path, monkeypatch, plan):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    monkeypatch.setenv(CACHE_ENV, str(blocker))
    with_blocked = render_docx(plan, "notice")
    monkeypatch.setenv(CACHE_ENV, "")  # turned off
    assert render_docx(plan, "notice") == with_blocked
    assert "甲局" in body_text(with_blocked)


def test_the_sandbox_holds_for_cached_templates_and_the_documents_own_objects(cache, plan):
    body = plan.parent / "templates" / "text" / "note.j2"
    body.write_text("{{ departments.__class__.__mro__ }}", encoding="utf-8")
    for _ in range(2):  # compiled, then from the cache
        with pytest.raises(PlanError) as caught:
            render_docx(plan)
        assert caught.value.diagnostics[0].code == "PF151"
    body.unlink()
    override = plan.parent / "templates" / "docx"
    override.mkdir()
    original = (Path(__file__).parent.parent / "templates" / "docx" / "document.xml.j2").read_text(encoding="utf-8")
    assert '{{ para("PFHeading1", b, first) }}' in original
    (override / "document.xml.j2").write_text(original.replace('{{ para("PFHeading1", b, first) }}', '{{ b.runs[0].__dict__ }}{{ b.__dict__ }}'),
                                              encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        render_docx(plan)
    assert caught.value.diagnostics[0].code == "PF151"
    for reach in ("{{ loop._iterator }}", "{{ loop.__class__ }}", "{{ loop.cycle.__func__ }}"):  # the loop object too
        (override / "document.xml.j2").write_text(original.replace('{{ para("PFHeading1", b, first) }}', reach), encoding="utf-8")
        with pytest.raises(PlanError) as caught:
            render_docx(plan)
        assert caught.value.diagnostics[0].code == "PF151", reach


def test_remembered_results_are_keyed_by_what_they_depend_on(cache):
    calls = []

    def compute(value):
        calls.append(value)
        return [value, "文字"]

    assert remembered("words", ("k", 1), lambda: compute(1)) == [1, "文字"]
    assert remembered("words", ("k", 1), lambda: compute(2)) == [1, "文字"]
    assert remembered("words", ("k", 2), lambda: compute(3)) == [3, "文字"]
    assert calls == [1, 3]
    for entry in (cache.parent / "words").iterdir():
        entry.write_bytes(b"\xff not json")
    assert remembered("words", ("k", 1), lambda: compute(4)) == [4, "文字"]
    assert remembered("words", ("k", 1), lambda: compute(5), valid=lambda value: value[0] == 5) == [5, "文字"]


def test_a_damaged_word_entry_does_not_change_where_a_title_breaks(cache):
    from planforge.words import word_starts

    title = "中共示例市委教育工作委员会 示例市教育局2024年推进教育强市建设重点工作安排"
    first = word_starts(title)
    (entry,) = (cache.parent / "words").iterdir()
    entry.write_text('{"value": "0123"}', encoding="utf-8")  # valid JSON, not a list of positions
    assert word_starts(title) == first


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="folder ownership and modes are POSIX")
def test_a_cache_folder_others_may_write_is_not_used(cache, plan):
    """Cached templates run as Python outside the sandbox: a folder group or others may write to (a shared
    PLANFORGE_CACHE_DIR, say) is neither read nor written, and rendering goes on from the templates."""
    from planforge.usercache import cache_folder

    good = render_docx(plan, "notice")
    assert cache_folder("templates") == cache
    for entry in cache.glob("*.code"):
        entry.unlink()
    cache.chmod(0o777)
    assert cache_folder("templates") is None
    assert render_docx(plan, "notice") == good
    assert list(cache.glob("*.code")) == []
    cache.chmod(0o700)
    assert cache_folder("templates") == cache
