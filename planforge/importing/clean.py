"""Cleaning: from the pieces a reader found to the lines of the document.

Drops what is not part of the document (site blurbs and metadata, page
numbers, running headers), converts traditional characters to simplified
(OpenCC), normalises punctuation to the full-width forms an official document
uses, re-joins lines that were hard-wrapped, and splits text that runs on
without line breaks at its headings and task numbers.  Everything dropped is
reported with its line.
"""
from __future__ import annotations

import re

from ..lint import BAD_ELLIPSIS, CHINESE_SPACES, to_fullwidth
from . import dates
from .patterns import (ASCII_QUOTED, ATTACHMENT, CC_LINE, CHINESE_CONTEXT, DOUBLE_HYPHEN, GLUED_RECIPIENTS, HAS_HAN,
                       HEADING_RUN_IN, ISSUING_BODY, ITEM_START, KIND, NOTICE_TAIL, NOTICE_TITLE, NOTICE_TITLE_START,
                       PAGE_NUMBER, PAGE_NUMBER_LINE, PRINTED, RED_HEADER, RUN_ON_ITEM, RUNNING_HEADER, SECTION,
                       SENTENCE_DONE, SENTENCE_END, SENTENCE_SPLIT, SHORT_LINE, SITE_DEBRIS, SITE_DEBRIS_SHORT,
                       SITE_METADATA, SPACE_AFTER_NUMBER, TASK, TITLE_RUNS_INTO_TEXT, YEAR_IN_TITLE)
from .readers import Piece
from .trace import Trace


class Cleaner:
    def __init__(self, trace: Trace):
        self.trace = trace
        self.normalised = 0  # punctuation and spaces changed
        self.simplified = 0  # traditional characters converted
        self._t2s = None

    def run(self, pieces: list[Piece]) -> list[Piece]:
        joined = self.join_wrapped(self.drop_debris(pieces))
        return self.split_glued(self.join_titles(self.segment([self.rejoined(p) for p in joined])))

    # ------------------------------------------------------------------ debris

    def drop_debris(self, pieces: list[Piece]) -> list[Piece]:
        out: list[Piece] = []
        seen: dict[str, int] = {}  # short lines met so far → where: a copy a few lines on is a running header
        dropped = False  # the previous piece was dropped: a line continuing it starts afresh
        for i, piece in enumerate(pieces):
            if dropped and piece.kind == "cont":
                piece = Piece(piece.text, piece.where, "text")
            dropped = True
            if piece.kind == "row":
                cells = tuple(self.normalise(self.simplify(c.replace("\n", " ").strip())) for c in piece.cells)
                filled = [c for c in cells if c]
                if len(filled) == 1:  # a row across the table (一、… in a task table), or a one-cell table, is a line
                    out.append(Piece(filled[0], piece.where))
                elif filled:
                    out.append(Piece("", piece.where, "row", cells))
                dropped = False
                continue
            text = self.simplify(piece.text.strip().strip("\u3000").strip())
            text = self.strip_metadata(text, piece.where)
            if not text:
                continue
            if PAGE_NUMBER_LINE.match(text):
                self.trace.warn("PF402", f"删去了页码“{text}”", piece.where)
                self.trace.label(piece.where, text, "页码", "整行只有页码")
                continue
            if PAGE_NUMBER.search(text):
                number = PAGE_NUMBER.search(text).group().strip()
                self.trace.warn("PF402", f"删去了页码“{number}”", piece.where)
                text = PAGE_NUMBER.sub("", text).strip()
            numbered = bool(ITEM_START.match(text))
            if RUNNING_HEADER.match(text) and not numbered and piece.kind != "cont":
                following = pieces[i + 1] if i + 1 < len(pieces) else None
                first = seen.get(text)
                if (first is not None and i - first >= 5 and not dates.parse(text)
                        and not (following and (following.kind == "cont" or title_continues(text, following.text)))):
                    self.trace.warn("PF402", f"删去了重复出现的页眉“{text[:20]}”", piece.where)
                    self.trace.label(piece.where, text, "页眉", "正文中又出现的、前面已有的同样短行")
                    continue
                seen.setdefault(text, i)
            debris = SITE_DEBRIS.search(text) or (len(text) <= SHORT_LINE and SITE_DEBRIS_SHORT.search(text))
            if debris and not numbered:
                self.trace.warn("PF401", f"删去了网页上的无关文字“{text[:20]}…”", piece.where)
                self.trace.label(piece.where, text, "网页杂项", f"含网站用语“{debris.group()}”")
                continue
            out.append(Piece(self.normalise(text), piece.where, piece.kind))
            dropped = False
        while out and out[-1].kind != "row" and out[-1].text.endswith("……"):
            # excerpts of other pages after the document ("related articles") end in an ellipsis
            dropped = out.pop()
            self.trace.warn("PF401", f"删去了网页上的无关文字“{dropped.text[:20]}…”", dropped.where)
            self.trace.label(dropped.where, dropped.text, "网页杂项", "文末以省略号结尾的摘录（相关文章）")
        return out

    def strip_metadata(self, text: str, where: int) -> str:
        """发布时间、来源、浏览次数 sharing a line with real text: removed, the text kept."""
        found = SITE_METADATA.findall(text)
        if not found:
            return text
        rest = SITE_METADATA.sub(" ", text).strip(" \u3000|｜")
        self.trace.warn("PF401", f"删去了网页信息“{' '.join(found)[:30]}”", where)
        self.trace.label(where, " ".join(found), "网页杂项", "网站的发布信息")
        return rest

    def simplify(self, text: str) -> str:
        """Traditional → simplified (OpenCC t2s, phrase-aware; simplified text passes unchanged)."""
        if not HAS_HAN.search(text):
            return text
        if self._t2s is None:
            import opencc

            self._t2s = opencc.OpenCC("t2s")
        converted = self._t2s.convert(text)
        if converted != text:  # counting characters only where something changed: most lines are left as they are
            self.simplified += sum(a != b for a, b in zip(text, converted))
        return converted

    def normalise(self, text: str) -> str:
        """Full-width punctuation, proper quotes and ellipses, no stray spaces; counts what changed."""
        before = text
        text = text.replace("‚", "“").replace("‛", "”").replace("„", "“")
        text = BAD_ELLIPSIS.sub("……", text)
        text = DOUBLE_HYPHEN.sub("——", text)
        text, _ = to_fullwidth(text)
        text = CHINESE_SPACES.sub("", text)
        text = SPACE_AFTER_NUMBER.sub(r"\1", text)
        if text != before:
            self.normalised += sum(a != b for a, b in zip(before, text)) + abs(len(before) - len(text))
        return text

    def rejoined(self, piece: Piece) -> Piece:
        """Punctuation once more on re-joined lines: a wrap may have fallen between a mark and the Chinese
        text that shows it is Chinese punctuation, or between the two marks of ASCII "…" (→ “…”)."""
        if piece.kind == "row":
            return piece
        # pairs are looked for sentence by sentence, so one unpaired mark cannot turn all the others round
        text = "".join(ASCII_QUOTED.sub(lambda m: f"“{m.group(1)}”" if _chinese_quote(m) else m.group(), sentence)
                       for sentence in SENTENCE_SPLIT.split(piece.text))
        if text != piece.text:
            self.normalised += sum(a != b for a, b in zip(piece.text, text))
        return Piece(self.normalise(text), piece.where, piece.kind, piece.cells)

    # ------------------------------------------------------------------ lines

    def join_wrapped(self, pieces: list[Piece]) -> list[Piece]:
        """Re-join prose that was broken into lines (web copy, PDF): a long line that does
        not end a sentence continues on the next one, unless that starts a new item."""
        out: list[Piece] = []
        for piece in pieces:
            prev = out[-1] if out else None
            if piece.kind == "cont" and prev and prev.kind != "row" and not title_continues(prev.text, piece.text):
                out[-1] = Piece(prev.text + piece.text, prev.where, prev.kind)  # a line break inside a paragraph
            elif (prev and prev.kind == "text" and piece.kind in ("text", "cont") and len(prev.text) >= 20
                    and (not SENTENCE_DONE.search(prev.text) or _unclosed(prev.text))
                    and not starts_a_block(piece.text) and not ends_a_heading(prev.text)):
                out[-1] = Piece(prev.text + piece.text, prev.where, prev.kind)
            elif piece.kind == "cont":
                out.append(Piece(piece.text, piece.where, "text"))
            else:
                out.append(piece)
        return out

    def segment(self, pieces: list[Piece]) -> list[Piece]:
        """Split run-on text at section headings and task numbers that follow a sentence end."""
        out: list[Piece] = []
        for piece in pieces:
            if piece.kind == "row":
                out.append(piece)
                continue
            for part in (p for p in RUN_ON_ITEM.split(piece.text) if p.strip()):
                m = HEADING_RUN_IN.match(part)  # 一、加强党的建设1加强党的政治建设。… → the heading, then task 1
                parts = [m.group(1), f"{m.group(2)}.{m.group(3)}"] if m else [part]
                out += [Piece(p, piece.where, piece.kind) for p in parts]
        return out


    def join_titles(self, pieces: list[Piece]) -> list[Piece]:
        """A title broken over lines (Word line break, web copy) is one title again; two issuing
        bodies on the first line and the rest on the next are kept apart by a space."""
        out: list[Piece] = []
        for piece in pieces:
            prev = out[-1] if out else None
            if prev and prev.kind != "row" and piece.kind != "row" and (
                    title_continues(prev.text, piece.text) or notice_title_continues(prev.text, piece.text)):
                joint = (ISSUING_BODY.search(prev.text) and not NOTICE_TITLE_START.match(prev.text) and "年" not in prev.text
                         and ISSUING_BODY.search(YEAR_IN_TITLE.split(piece.text)[0]))
                out[-1] = Piece(prev.text + (" " if joint else "") + piece.text, prev.where, prev.kind)
            else:
                out.append(piece)
        return out

    def split_glued(self, pieces: list[Piece]) -> list[Piece]:
        """Lines web copy glued together: a notice title and its recipients; a title and the preamble."""
        out: list[Piece] = []
        titled = False
        for piece in pieces:
            glued = GLUED_RECIPIENTS.match(piece.text) if piece.kind != "row" else None
            runs_on = (not titled and piece.kind != "row" and len(piece.text) > 60
                       and TITLE_RUNS_INTO_TEXT.search(piece.text[:60]))
            if glued:
                out += [Piece(glued.group(1), piece.where, piece.kind), Piece(glued.group(2), piece.where, piece.kind)]
            elif runs_on:  # 市教育局工作要点范例xxxx年教育工作的总体要求是……
                end = TITLE_RUNS_INTO_TEXT.search(piece.text).end()
                out += [Piece(piece.text[:end], piece.where, piece.kind), Piece(piece.text[end:], piece.where, piece.kind)]
                titled = True
            else:
                out.append(piece)
            if piece.kind != "row" and (KIND.search(piece.text) and len(piece.text) <= 60 or SECTION.match(piece.text)):
                titled = True
        return out


def notice_title_continues(first: str, second: str) -> bool:
    """关于印发2024年工作要点 / 的通知 — a notice title without 《》 broken over lines."""
    return (bool(NOTICE_TITLE_START.match(first)) and not first.endswith("通知") and len(first) <= 60
            and bool(NOTICE_TAIL.match(second)))


def _chinese_quote(m: re.Match) -> bool:
    """ASCII quotes around Chinese, or around anything in a Chinese sentence (“x+X”证书)."""
    text, start, end = m.string, m.start(), m.end()
    around = text[start - 1:start] + text[end:end + 1]
    return bool(HAS_HAN.search(m.group(1)) or CHINESE_CONTEXT.search(around))


def _unclosed(text: str) -> bool:
    """An opening bracket (full- or half-width) not yet closed: the line goes on."""
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


def starts_a_block(text: str) -> bool:
    """A numbered item, a date, 附件, 抄送 or 印发 starts afresh: no wrapped line continues into it."""
    return bool(ITEM_START.match(text) or CC_LINE.match(text) or PRINTED.match(text) or ATTACHMENT.match(text)
                or dates.parse(text))


def ends_a_heading(text: str) -> bool:
    """A notice title, plan title or date line ends where it ends, though not with a full stop."""
    return bool(NOTICE_TITLE.match(text) or KIND.search(text) or dates.parse(text) or RED_HEADER.match(text))


def title_continues(first: str, second: str) -> bool:
    """Is ``second`` the rest of a title begun on ``first`` (a Word line break, web copy)?"""
    if first.count("《") > first.count("》"):
        return True  # 关于印发《…  / …》的通知
    return (len(first) <= 30 and first[-1] not in SENTENCE_END + "，、" and not ITEM_START.match(first)
            and not first.startswith("附件") and dates.parse(first) is None and not first.endswith("文件")
            and bool(KIND.search(second)) and len(first + second) <= 60 and dates.parse(second) is None
            and not TASK.match(second) and not ITEM_START.match(second))
