"""Readers for ``planforge import``: a file → pieces of text with where they came from.

Every reader yields the same thing (a ``Source``: paragraphs or table rows in
order, each with its line, paragraph or page number), so the rest of the
importer knows nothing about file formats.
"""
from __future__ import annotations

from pathlib import Path

from .base import Piece, ReadError, Source

__all__ = ["Piece", "ReadError", "Source", "read"]


# The largest plan seen is well under 1 MB as text and a few MB as DOCX; past this it is the wrong file.
MAX_IMPORT_BYTES = 20_000_000


def read(path: Path) -> Source:
    """The pieces of ``path``, read according to its suffix."""
    from .docx import read_docx
    from .html import read_html
    from .office import read_office
    from .pdf import read_pdf
    from .text import read_markdown, read_text

    readers = {".docx": read_docx, ".txt": read_text, ".text": read_text, "": read_text,
               ".md": read_markdown, ".markdown": read_markdown, ".pdf": read_pdf,
               ".html": read_html, ".htm": read_html, ".doc": read_office, ".wps": read_office}
    if not path.is_file():
        raise ReadError("找不到文件。")
    size = path.stat().st_size
    if size > MAX_IMPORT_BYTES:
        raise ReadError(f"文件有 {size // 1_000_000} MB，超过导入的上限 {MAX_IMPORT_BYTES // 1_000_000} MB；"
                        "一份工作要点不会这么大，请确认选对了文件。")
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise ReadError(f"不认识的文件类型“{path.suffix}”：可以导入 .docx、.doc、.wps、.pdf、.html、.txt 和 .md。")
    return reader(path)
