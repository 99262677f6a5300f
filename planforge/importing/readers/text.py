"""Plain text and Markdown.

Text copied from web pages and saved by Notepad, WPS or a browser comes in
UTF-8 (with or without BOM), GB18030/GBK or UTF-16 (Windows "Unicode", with or
without BOM), with CRLF or LF line ends.  The BOM decides when there is one;
otherwise UTF-8 is tried first (it rejects anything else), then UTF-16 (both
byte orders) and GB18030 compete: each decodes most byte strings, wrongly, so
the one whose text is most plausibly Chinese prose wins.
"""
from __future__ import annotations

import codecs
from pathlib import Path

from .base import Piece, ReadError, Source


def decode(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        text = data[3:].decode("utf-8", errors="replace")
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text = data.decode("utf-16", errors="replace")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            candidates = []
            for encoding in ("gb18030", "utf-16-le", "utf-16-be"):
                try:
                    candidates.append((_plausibility(data.decode(encoding)), encoding))
                except UnicodeDecodeError:
                    continue
            if not candidates or max(candidates)[0] < 0.5:
                raise ReadError("文件既不是 UTF-8、GBK/GB18030，也不是 UTF-16 编码，请另存为 UTF-8 文本。") from None
            text = data.decode(max(candidates)[1])
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _plausibility(text: str) -> float:
    """The share of characters that are common Chinese, ASCII text or Chinese punctuation."""
    usual = sum(1 for c in text if "\u4e00" <= c <= "\u9fff" or " " <= c <= "~" or c in "\n\r\t" or "\u3000" <= c <= "\u303f"
                or "\uff00" <= c <= "\uffef" or c in "“”‘’…—")
    return usual / max(len(text), 1)


def read_text(path: Path) -> Source:
    lines = decode(path.read_bytes()).split("\n")
    return Source([Piece(line, n) for n, line in enumerate(lines, start=1)], "行")


def read_markdown(path: Path) -> Source:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(decode(path.read_bytes()))
    pieces: list[Piece] = []
    row: list[str] = []
    for i, token in enumerate(tokens):
        if token.type == "inline":
            content = "".join(c.content for c in token.children if c.type in ("text", "code_inline"))
            parent = tokens[i - 1].type
            where = (token.map or tokens[i - 1].map or [0])[0] + 1
            if parent in ("th_open", "td_open"):
                row.append(content)
            elif parent == "heading_open":
                pieces.append(Piece(content, where, "title" if tokens[i - 1].tag == "h1" else "heading"))
            else:
                pieces.append(Piece(content, where))
        elif token.type == "tr_open":
            row = []
        elif token.type == "tr_close":
            pieces.append(Piece("", pieces[-1].where if pieces else 1, "row", tuple(row)))
    return Source(pieces, "行")
