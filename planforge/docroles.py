"""Which paragraph of a DOCX is the title, the 署名, the 成文日期, the 附注, the 版记 …

Found from each paragraph's text and formatting (size, colour, position in the
document), not from our style names, so that documents planforge did not write
are read the same way.  The page checks then look the roles up on the pages.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from .layout import Layout
from .pagemap import PageMap, Paragraph
from .ooxml import in_table, is_red, w
from .verify import CC_LINE, DATE_LINE, PRINTED_LINE, Auditor

ATTACHMENT = re.compile(r"^\s*附\s*件\s*[:：]\s*(\d+[.．、])?")
ATTACHMENT_MORE = re.compile(r"^\s*(\d+[.．、])")
NOTE = re.compile(r"^\s*（[^（）]+）\s*$")


@dataclass
class Roles:
    """Which paragraph plays which part, found from text and formatting."""

    of: dict[int, str] = field(default_factory=dict)  # paragraph index → role
    titles: list[Paragraph] = field(default_factory=list)
    signature: list[Paragraph] = field(default_factory=list)
    date: Optional[Paragraph] = None
    note: Optional[Paragraph] = None
    imprint: list[Paragraph] = field(default_factory=list)
    attachments: list[tuple[Paragraph, int]] = field(default_factory=list)  # (paragraph, where the name starts)
    first_body: Optional[Paragraph] = None
    break_before: set[int] = field(default_factory=set)  # paragraphs that start a new page on purpose


def find_roles(auditor: Auditor, pagemap: PageMap, layout: Layout) -> Roles:
    roles = Roles()
    resolve = auditor.resolve
    paragraphs = pagemap.paragraphs
    texts = [p.text.strip() for p in paragraphs]

    def size(p: Paragraph) -> float:
        run = next((r for r in p.element.iter(w("r")) if "".join(r.itertext(w("t"))).strip()), None)
        return resolve.size_pt(p.element, run) or 0

    previous = None
    for p, text in zip(paragraphs, texts):
        if _starts_page(resolve, p.element, previous):
            roles.break_before.add(p.index)
        previous = p.element
        if not text:
            continue
        if is_red(resolve, p.element):
            roles.of[p.index] = "mark"
        elif in_table(p.element):
            roles.of[p.index] = "table"
        elif CC_LINE.match(text) or PRINTED_LINE.search(text):
            roles.of[p.index] = "imprint"
            roles.imprint.append(p)
        elif DATE_LINE.match(text) and roles.date is None:
            roles.of[p.index] = "date"
            roles.date = p
        elif size(p) >= layout.title_size_pt - 1:
            roles.of[p.index] = "title"
            roles.titles.append(p)
        else:
            roles.of[p.index] = "body"
    if roles.date is not None:
        for p in reversed(paragraphs[:roles.date.index]):
            text = texts[p.index]
            if not text or roles.of.get(p.index) != "body" or len(text) > 30 or text.endswith(("。", "；", "：", "，")) \
                    or ATTACHMENT.match(text):
                break
            roles.of[p.index] = "signature"
            roles.signature.insert(0, p)
        after = next((p for p in paragraphs[roles.date.index + 1:] if texts[p.index]), None)
        if after is not None and NOTE.match(texts[after.index]) and roles.of.get(after.index) == "body":
            roles.of[after.index] = "note"
            roles.note = after
    in_attachments = False
    for p, text in zip(paragraphs, texts):
        head = ATTACHMENT.match(text) or (ATTACHMENT_MORE.match(text) if in_attachments else None)
        in_attachments = bool(head) or (in_attachments and not text)
        if head and roles.of.get(p.index) == "body":
            roles.of[p.index] = "attachment"
            roles.attachments.append((p, len(p.text) - len(p.text.lstrip()) + head.end()))
    if roles.titles:
        first = roles.titles[0].index
        after = [p for p in paragraphs[first + 1:] if texts[p.index] and roles.of.get(p.index) != "title"]
        if after and texts[after[0].index].endswith(("：", ":")) and len(after) > 1:
            after = after[1:]  # the 主送机关
        roles.first_body = next((p for p in after if roles.of.get(p.index) in ("body", "table", "attachment")), None)
    return roles


def _starts_page(resolve, p, previous) -> bool:
    """Whether the paragraph begins a page on purpose: page break before it, or at the end of the one before."""
    flag = resolve.ppr(p, "pageBreakBefore")
    if flag is not None and flag.get(w("val"), "true") not in ("0", "false"):
        return True
    if previous is None:
        return False
    if previous.find(f"{w('pPr')}/{w('sectPr')}") is not None:
        return True
    return any(br.get(w("type")) == "page" for br in previous.iter(w("br")))
