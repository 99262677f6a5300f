""".doc and .wps (Word 97–2003, WPS) → DOCX through LibreOffice headless, then the DOCX reader."""
from __future__ import annotations

import tempfile
from pathlib import Path

from ...pdf import ConversionError, convert, soffice
from .base import ReadError, Source
from .docx import read_docx

INSTALL = ("请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；"
           "Windows：安装 LibreOffice 并把 program 目录加入 PATH），或在 Word/WPS 中把文件另存为 .docx 后再导入。")


def read_office(path: Path, timeout: int = 120) -> Source:
    if soffice() is None:
        raise ReadError(f"读取 {path.suffix.lower()} 文件需要 LibreOffice，但本机没有安装。{INSTALL}")
    try:
        converted = convert(path.read_bytes(), path.suffix.lower(), "docx:MS Word 2007 XML", ".docx", timeout)
    except ConversionError as exc:
        raise ReadError(f"{exc}{INSTALL}") from None
    with tempfile.TemporaryDirectory(prefix="planforge-import-") as tmp:
        docx = Path(tmp) / "document.docx"
        docx.write_bytes(converted)
        result = read_docx(docx)
    result.notes.append(f"{path.suffix.lower()} 文件已经 LibreOffice 转换后读取")
    return result
