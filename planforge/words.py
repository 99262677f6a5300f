"""Where words begin in Chinese text, so that titles break only between words.

Chinese writes no spaces, so word boundaries need a segmenter.  We use
rjieba, the Python binding of jieba-rs: the jieba algorithm and dictionary in
Rust.  Measured on this project's machine (``python benchmarks/run.py
--titles``; a fresh process, then import + dictionary + first title):

- rjieba: 0.25 s, then a few µs per title.  It writes no cache file and
  prints nothing; wheels exist for Linux, macOS and Windows.
- jieba (pure Python, same dictionary and same cuts): 1.0–1.6 s, because
  the first cut builds a prefix dictionary, which it caches in
  ``$TMPDIR/jieba.cache`` and announces on stderr unless silenced; then
  ~150 µs per title.
- jieba-fast: source only (needs a C compiler and SWIG to install), last
  released in 2018.

The segmenter is imported on the first call only: ``planforge --help`` and
titles that fit on one line never load it, and a title segmented in an
earlier run is answered from the user's cache folder (:mod:`planforge.usercache`),
so rendering the same plan again never loads it.  We build our own instance
rather than use the module's shared one, so that the boundaries depend on
nothing but the text and ``VOCABULARY``.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator

# Office words the general dictionary would split (教育/强/市, 工作/要点) or
# that must read as one unit in a title.  The segmenter learns them, and
# linebreak also protects every occurrence directly.
ORGANISATIONS = (  # names and issuer suffixes
    "中共示例市委教育工作委员会", "示例市教育局", "教育工作委员会", "教育局", "教育体育局", "教育和体育局",
    "委员会", "办公室", "人民政府", "人民政府办公室", "教育督导委员会", "教育厅",
)
KINDS = (  # 文种
    "工作要点", "工作计划", "重点工作安排", "工作安排意见", "工作安排", "工作思路", "工作方案",
    "实施方案", "实施意见", "工作总结", "通知",
)
TERMS = (  # time, and recurring terms of education plans
    "年度", "学年", "上半年", "下半年",
    "教育强市", "教育强省", "教育强国", "高质量发展", "立德树人", "义务教育", "优质均衡",
    "课后服务", "中小学", "中小学校", "职业教育", "学前教育", "高中阶段", "教育现代化", "教育系统",
)
VOCABULARY = ORGANISATIONS + KINDS + TERMS


@functools.cache
def _segmenter():
    import rjieba  # lazy: see the module docstring

    segmenter = rjieba.Jieba()
    for word in VOCABULARY:
        segmenter.add_word(word, None, None)  # no frequency: jieba-rs suggests one that keeps it whole
    return segmenter


def _segmenter_build() -> list:
    """What identifies the installed segmenter without importing it: its module file's path, size and time."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("rjieba")
    origin = spec.origin if spec and spec.origin else ""
    try:
        stat = os.stat(origin)
    except OSError:
        return [origin]
    return [origin, stat.st_size, stat.st_mtime_ns]


def word_starts(text: str) -> set[int]:
    """Indices at which a word (or a punctuation mark, or a space) begins."""
    from .usercache import remembered

    key = ("word_starts", _segmenter_build(), VOCABULARY, text)
    starts = remembered("words", key, lambda: sorted(start for _, start, _ in _segmenter().tokenize(text, "default", True)),
                        valid=lambda value: isinstance(value, list) and all(type(i) is int and 0 <= i <= len(text) for i in value))
    return set(starts)


def vocabulary_spans(text: str) -> Iterator[tuple[int, int]]:
    """Every occurrence of a ``VOCABULARY`` word in ``text`` as (start, end)."""
    for word in VOCABULARY:
        start = text.find(word)
        while start >= 0:
            yield start, start + len(word)
            start = text.find(word, start + 1)
