"""DOCX → PDF through LibreOffice, when it is installed, with Chinese stand-ins for missing fonts.

The DOCX keeps the official font names; only the conversion sees stand-ins.
They are given to LibreOffice as a private fontconfig file (FONTCONFIG_FILE
for the soffice process alone) that includes the usual configuration and adds
one rule per missing font.  Chosen over LibreOffice's own replacement table
(registrymodifications.xcu) because on Linux LibreOffice asks fontconfig for
every font name first, and because a fontconfig rule can also set the weight:
小标宋 becomes Noto Serif CJK SC *Bold*, which a replacement table (family
names only) cannot say.  Where there is no fontconfig (Windows, macOS),
LibreOffice does its own replacing and the warnings say that nothing was checked.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Callable, Optional

from .fontconfig import installed_fonts, private_config
from .fonts import choose, substitution_rules
from .model import Fonts


# Keep the blank pages Word and LibreOffice insert before an even-page section (the 版记's, 7.5):
# LibreOffice's PDF export leaves them out by default, which would put the 版记 on a front side.
PDF_FILTER = 'pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}'


class PdfError(Exception):
    """PDF conversion is not possible here; the message says why, in Chinese."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


class ConversionError(Exception):
    """LibreOffice could not convert; the message (Chinese) says what happened."""


def convert(data: bytes, suffix: str, target: str, produced: str, timeout: int,
            env: Callable[[Path], dict[str, str]] = lambda folder: {}) -> bytes:
    """``data`` (a file ending in ``suffix``) converted by headless LibreOffice to ``target``
    (a --convert-to argument), read back from the file ending in ``produced``.

    Everything happens in a private temporary folder: a plain file name (LibreOffice
    mishandles some characters in paths), a private profile (a LibreOffice the user has
    open does not block the conversion) and LibreOffice's own temporary files, all gone
    afterwards.  ``env`` adds environment variables for the process, given that folder."""
    program = soffice()
    if program is None:
        raise ConversionError("本机没有安装 LibreOffice。")
    with tempfile.TemporaryDirectory(prefix="planforge-lo-") as tmp:
        folder = Path(tmp)
        source = folder / f"document{suffix}"
        source.write_bytes(data)
        command = [program, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                   "--convert-to", target, "--outdir", tmp, str(source)]
        variables = {**os.environ, "TMPDIR": tmp, "TMP": tmp, "TEMP": tmp, **env(folder)}
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=variables)
        except subprocess.TimeoutExpired:
            raise ConversionError(f"LibreOffice 转换超过 {timeout} 秒未完成。") from None
        except subprocess.CalledProcessError as exc:
            raise ConversionError(f"LibreOffice 转换失败：{exc.stderr.decode(errors='replace').strip()[:300]}") from None
        result = folder / f"document{produced}"
        if not result.exists():
            raise ConversionError("LibreOffice 没有生成结果（文件可能已损坏，或被其他程序占用）。")
        return result.read_bytes()


def docx_to_pdf(docx: bytes, fonts: Optional[Fonts] = None, timeout: int = 180) -> bytes:
    """Convert; ``fonts`` are the names the DOCX uses (the org profile's), default the standard ones."""
    if soffice() is None:
        raise PdfError("生成 PDF 需要 LibreOffice，但本机没有安装（Debian/Ubuntu：apt-get install libreoffice-writer-nogui；"
                       "Windows：安装 LibreOffice 并把 program 目录加入 PATH）。DOCX 可以直接用 Word/WPS 另存为 PDF。")
    rules = substitution_rules(choose(fonts or Fonts(), installed_fonts()))
    try:
        return convert(docx, ".docx", PDF_FILTER, ".pdf", timeout, lambda folder: private_config(folder, rules))
    except ConversionError as exc:
        raise PdfError(f"生成 PDF 失败：{exc}") from None
