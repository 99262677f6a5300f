"""Labelling: every line of the document gets the label that fits the whole document best.

Each line scores each label it could have from explicit features (``score``:
a regular expression from ``patterns`` that matches, a position, a table
row); a label the line cannot have scores nothing.  A small grammar of the
order of an official document (``FOLLOWS``: the notice's parts, then the
title, preamble and goals, then sections with their tasks) says which label
may follow which, with a penalty for the unusual ones (no title, a paragraph
after the goals).  Dynamic programming (Viterbi) picks the labelling with the
best total score, so one odd line cannot derail the rest, and a line's label
depends on its neighbours (a short line ending in 局 is a signature only
between a notice body and a date).  Each chosen label keeps its reason, for
``planforge import --explain``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from . import dates
from .patterns import (ATTACHMENT, BODY_AFTER_TITLE, CC_LINE, DATE_LIKE, DOC_NUMBER, GOALS_HEADING, ISSUING_BODY, KIND,
                       KIND_ANYWHERE, NOTE, NOTICE_TITLE, PRINTED, PRINTED_DATE, PUBLIC_NOTE, RECIPIENTS, RED_HEADER,
                       SEAL_PLACEHOLDER, SECTION, SENDS, SENTENCE_MARKS, SUB_HEADING, TABLE_DEADLINE_HEAD,
                       TABLE_DEPT_HEAD, TABLE_TASK_HEAD, TASK)
from .readers import Piece

# labels (the names --explain prints)
DROP = "删去"
RED = "发文机关标志"
DOC_NO = "发文字号"
N_TITLE = "通知标题"
RECIPIENTS_ = "主送机关"
N_BODY = "通知正文"
ATTACH = "附件说明"
SIGN = "署名"
SEAL = "印章"
N_DATE = "成文日期"
N_NOTE = "附注"
TITLE = "标题"
T_DATE = "标题下的日期"
PREAMBLE = "总体要求"
G_HEAD = "目标标题"
GOAL = "目标"
GOAL_N = "目标（编号）"
G_ROW = "指标表"
SECTION_ = "部分"
S_PARA = "部分段落"
TASK_ = "任务"
T_CONT = "任务续段"
P_SIGN = "文末署名"
P_DATE = "文末日期"
IMPRINT = "版记"
T_HEAD = "任务表表头"

START = "（开始）"

# which label may follow which, with a penalty for the unusual
FOLLOWS: dict[str, dict[str, float]] = {
    START: {DROP: 0, RED: 0, DOC_NO: 0, N_TITLE: 0, RECIPIENTS_: 0, N_BODY: -3, TITLE: 0, PREAMBLE: -4, SECTION_: -4},
    DROP: {DROP: 0, RED: 0, DOC_NO: 0, N_TITLE: 0, RECIPIENTS_: 0, N_BODY: -3, TITLE: 0, PREAMBLE: -4, SECTION_: -4},
    RED: {RED: 0, DOC_NO: 0, N_TITLE: 0},
    DOC_NO: {N_TITLE: 0, RECIPIENTS_: 0},
    N_TITLE: {RECIPIENTS_: 0, N_BODY: -1, ATTACH: -1, TITLE: -1},
    RECIPIENTS_: {N_BODY: 0},
    N_BODY: {N_BODY: 0, ATTACH: 0, SIGN: 0, N_DATE: 0, SEAL: 0, TITLE: -1, PREAMBLE: -5, SECTION_: -5},
    ATTACH: {ATTACH: 0, SIGN: 0, N_DATE: 0, TITLE: 0, PREAMBLE: -4, SECTION_: -4},
    SIGN: {SIGN: 0, SEAL: 0, N_DATE: 0, N_NOTE: -1, TITLE: -1, PREAMBLE: -5, SECTION_: -5},
    SEAL: {N_DATE: 0},
    N_DATE: {N_NOTE: 0, ATTACH: 0, TITLE: 0, PREAMBLE: -4, SECTION_: -4},
    N_NOTE: {ATTACH: 0, TITLE: 0, PREAMBLE: -4, SECTION_: -4},
    TITLE: {T_DATE: 0, PREAMBLE: 0, G_HEAD: 0, GOAL: 0, SECTION_: 0, TASK_: -2},
    T_DATE: {PREAMBLE: 0, G_HEAD: 0, GOAL: 0, SECTION_: 0, TASK_: -2},
    PREAMBLE: {PREAMBLE: 0, G_HEAD: 0, GOAL: 0, SECTION_: 0, TASK_: -2},
    G_HEAD: {GOAL_N: 0, GOAL: 0},
    GOAL: {GOAL: 0, G_ROW: 0, PREAMBLE: -2, SECTION_: 0},
    GOAL_N: {GOAL_N: 0, G_ROW: 0, PREAMBLE: -2, SECTION_: 0},
    G_ROW: {G_ROW: 0, GOAL: 0, PREAMBLE: -2, SECTION_: 0},
    SECTION_: {SECTION_: 0, S_PARA: 0, TASK_: 0},
    S_PARA: {S_PARA: 0, TASK_: 0, SECTION_: 0, P_SIGN: 0, P_DATE: 0},
    TASK_: {TASK_: 0, T_CONT: 0, SECTION_: 0, P_SIGN: 0, P_DATE: 0},
    T_CONT: {T_CONT: 0, TASK_: 0, SECTION_: 0, P_SIGN: 0, P_DATE: 0},
    P_SIGN: {P_SIGN: 0, P_DATE: 0, T_CONT: -2},
    P_DATE: {T_CONT: -2, P_SIGN: -2},
}
FOLLOWS[T_HEAD] = {TASK_: 0, SECTION_: 0}  # parts may be rows across the table
for _nexts in list(FOLLOWS.values()):
    if TASK_ in _nexts:  # a task table may start wherever a task may
        _nexts[T_HEAD] = _nexts[TASK_]
ENDS = {SECTION_: 0, S_PARA: 0, TASK_: 0, T_CONT: 0, P_SIGN: 0, P_DATE: 0}


@dataclass
class Labelled:
    piece: Piece
    label: str
    why: str
    score: float = 0.0  # below zero: the label was the least bad, not a good fit; the user is told


def task_table_columns(header: tuple[str, ...]) -> Optional[dict[str, list[int]]]:
    """The columns of a task table (task, departments, deadline) from its header row; None if it is none."""
    task = [i for i, c in enumerate(header) if TABLE_TASK_HEAD.search(c) and not TABLE_DEPT_HEAD.search(c)]
    departments = [i for i, c in enumerate(header) if TABLE_DEPT_HEAD.search(c)]
    deadline = [i for i, c in enumerate(header) if TABLE_DEADLINE_HEAD.search(c) and i not in departments]
    return {"task": task[:1], "departments": departments, "deadline": deadline[:1]} if task and departments else None


def table_roles(pieces: list[Piece]) -> dict[int, str]:
    """Rows of task tables: the header row and the task rows (by position in ``pieces``)."""
    roles: dict[int, str] = {}
    header_at = None
    for i, piece in enumerate(pieces):
        if piece.kind != "row":
            if not (SECTION.match(piece.text) or SUB_HEADING.match(piece.text)):  # a part's row across the table
                header_at = None
            continue
        if header_at is None:
            header_at = i
            if task_table_columns(piece.cells):
                roles[i] = "head"
        elif header_at in roles:
            roles[i] = "task"
    return roles


def score(piece: Piece, following: Optional[Piece], role: Optional[str] = None) -> dict[str, tuple[float, str]]:
    """Every label ``piece`` could have, with its score and the reason."""
    text = piece.text
    if role == "head":
        return {T_HEAD: (4, "表头有“任务”和“责任”两列"), S_PARA: (-1, "部分中的表格"), T_CONT: (-1, "任务中的表格")}
    if role == "task" and any(piece.cells):
        return {TASK_: (4, "任务表中的一行"), T_CONT: (-2, "任务表中的一行，按文字导入")}
    if piece.kind == "row":
        cells = " ".join(c for c in piece.cells if c)
        if CC_LINE.match(cells) or PRINTED.match(cells) or (len(piece.cells) >= 2 and PRINTED_DATE.match(piece.cells[-1])):
            return {IMPRINT: (6, "表格中的抄送或印发")}
        return {G_ROW: (1, "目标之后的表格"), S_PARA: (0, "部分中的表格，按文字导入"), T_CONT: (0, "任务中的表格，按文字导入"),
                DROP: (-1, "通知之前的表格"), N_BODY: (-2, "通知中的表格")}
    if CC_LINE.match(text) or PRINTED.match(text):
        return {IMPRINT: (6, "以“抄送：”开头或以“印发”结尾")}
    out: dict[str, tuple[float, str]] = {}
    section, task, sub = SECTION.match(text), TASK.match(text), SUB_HEADING.match(text)
    numbered = bool(section or task or sub)
    date = dates.parse(text)
    if piece.kind == "title":
        out[TITLE] = (6, "标题样式")
    if piece.kind == "heading":
        out[SECTION_] = (5, "标题样式")
    if section:
        out[SECTION_] = (5, "“一、”编号")
    if task:
        out[TASK_] = (3, f"编号“{text[:text.find(task.group(2) or task.group(4) or task.group(6))]}”")
        out[GOAL_N] = (3, "“总体目标”下编号的条目")
    if sub:
        out[GOAL] = (3, "“（一）”编号的条目")
        heads_tasks = following is not None and following.kind != "row" and bool(TASK.match(following.text))
        out[SECTION_] = (4, "“（一）”之后是任务：三级标题压成两级") if heads_tasks else (-1, "“（一）”标题")
        if not heads_tasks and (NOTE.search(text) or BODY_AFTER_TITLE.search(text)):
            out[TASK_] = (1, "“（一）”编号、带内容的条目：按任务导入")
        out[S_PARA] = (0, "“（一）”编号的段落")
        out[T_CONT] = (-1, "“（一）”编号的段落")
    if GOALS_HEADING.match(text):
        out[G_HEAD] = (4, f"“{GOALS_HEADING.match(text).group(1)}”")
    if DOC_NUMBER.match(text):
        out[DOC_NO] = (5, "机关代字〔年份〕序号")
    if NOTICE_TITLE.match(text):
        out[N_TITLE] = (5, "“关于…的通知”")
    if RED_HEADER.match(text):
        out[RED] = (3, "以“文件”结尾的短行")
    if date:
        for label in (N_DATE, P_DATE, T_DATE):
            out[label] = (5, "整行是日期")
    elif DATE_LIKE.match(text):
        out[N_DATE] = (3, "整行是数字写的日期（月、日有两种读法）")
    if PUBLIC_NOTE.match(text):
        out[N_NOTE] = (5, "括号中的公开方式或联系人")
    if SEAL_PLACEHOLDER.match(text):
        out[SEAL] = (3, "印章位置")
    if ATTACHMENT.match(text):
        out[ATTACH] = (4, "以“附件”开头")
    if ISSUING_BODY.search(text) and len(text) <= 30 and not numbered:
        out[SIGN] = (2, "以机关名称结尾的短行")
        out[P_SIGN] = (1, "正文之后以机关名称结尾的短行")
    if RECIPIENTS.match(text) and not numbered and not SENDS.search(text) and not GOALS_HEADING.match(text):
        out[RECIPIENTS_] = (3, "通知正文前以冒号结尾的一行")
    if KIND.search(text) and len(text) <= 60 and not numbered and not NOTICE_TITLE.match(text) and not ATTACHMENT.match(text):
        out.setdefault(TITLE, (4, "以文种（工作要点、工作计划等）结尾的短行"))
    elif (KIND_ANYWHERE.search(text) and len(text) <= 30 and not numbered and not SENTENCE_MARKS.search(text)
          and not NOTICE_TITLE.match(text) and not ATTACHMENT.match(text)):
        out.setdefault(TITLE, (2, "含文种（工作要点、工作计划等）、没有标点的短行"))
    if not numbered and not date:
        out.setdefault(N_BODY, (2, "“印发给你们”等通知用语") if SENDS.search(text) else (0, "通知标题或主送机关之后"))
        out.setdefault(PREAMBLE, (0, "标题之后、第一个部分之前的段落"))
        out.setdefault(S_PARA, (0, "部分标题之后、任务之前的段落"))
        out.setdefault(T_CONT, (0, "任务之后不带编号的段落"))
    out[DROP] = (-1, "标题和通知之前、不属于它们的文字")
    # anything may be plain text where nothing else fits: no line can leave the document without a labelling
    out.setdefault(PREAMBLE, (-3, "第一个部分之前、无法归类的行"))
    out.setdefault(S_PARA, (-3, "部分中无法归类的行"))
    out.setdefault(T_CONT, (-3, "任务中无法归类的行"))
    return out


def label(pieces: list[Piece]) -> list[Labelled]:
    """The best labelling of the whole document (Viterbi over ``FOLLOWS``); ``[]`` when nothing fits."""
    imprint = [i for i, p in enumerate(pieces) if IMPRINT in score(p, None)]
    lines = [p for i, p in enumerate(pieces) if i not in imprint]
    if not lines:
        return []
    roles = table_roles(lines)
    options = [score(p, lines[i + 1] if i + 1 < len(lines) else None, roles.get(i)) for i, p in enumerate(lines)]
    best: dict[str, float] = {START: 0.0}
    back: list[dict[str, str]] = []  # for each line: its label → the label of the line before
    for choice in options:
        step: dict[str, float] = {}
        came: dict[str, str] = {}
        for state, total in best.items():
            for nxt, penalty in FOLLOWS[state].items():
                if nxt in choice and (nxt not in step or total + penalty + choice[nxt][0] > step[nxt]):
                    step[nxt], came[nxt] = total + penalty + choice[nxt][0], state
        if not step:
            return []
        best = step
        back.append(came)
    finals = {state: total + ENDS[state] for state, total in best.items() if state in ENDS}
    if not finals:
        return []
    path = [max(finals, key=finals.get)]
    for came in reversed(back[1:]):
        path.append(came[path[-1]])
    path.reverse()
    out = [Labelled(p, lab, options[i][lab][1], options[i][lab][0]) for i, (p, lab) in enumerate(zip(lines, path))]
    for i in imprint:
        out.append(Labelled(pieces[i], IMPRINT, *reversed(score(pieces[i], None)[IMPRINT])))
    order = {id(p): i for i, p in enumerate(pieces)}
    return sorted(out, key=lambda item: order[id(item.piece)])
