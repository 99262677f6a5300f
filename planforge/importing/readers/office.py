""".doc and .wps (Word 97–2003, WPS) → DOCX through LibreOffice headless, then the DOCX reader."""
from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from ...pdf import soffice
from .base import ReadError, Source
from .docx import read_docx

INSTALL = ("请安装 LibreOffice（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui；"
           "Windows：安装 LibreOffice 并把 program 目录加入 PATH），或在 Word/WPS 中把文件另存为 .docx 后再导入。")


def read_office(path: Path, timeout: int = 120) -> Source:
    program = soffice()
    if program is None:
        raise ReadError(f"读取 {path.suffix.lower()} 文件需要 LibreOffice，但本机没有安装。{INSTALL}")
    with tempfile.TemporaryDirectory(prefix="planforge-import-") as tmp:
        source = Path(tmp) / f"document{path.suffix.lower()}"
        source.write_bytes(path.read_bytes())  # a plain name: LibreOffice mishandles some characters in paths
        profile = Path(tmp, "profile").as_uri()  # a private profile: a LibreOffice the user has open does not block us
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx:MS Word 2007 XML",
                   "--outdir", tmp, str(source)]
        env = {**os.environ, "TMPDIR": tmp, "TMP": tmp, "TEMP": tmp}
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout, env=env)
        except subprocess.TimeoutExpired:
            raise ReadError(f"LibreOffice 转换超过 {timeout} 秒未完成。{INSTALL}") from None
        except subprocess.CalledProcessError as exc:
            raise ReadError(f"LibreOffice 无法转换该文件：{exc.stderr.decode(errors='replace').strip()[:200]}") from None
        converted = Path(tmp) / "document.docx"
        if not converted.exists():
            raise ReadError(f"LibreOffice 没有转换出 .docx（文件可能已损坏或不是 Word/WPS 文件）。{INSTALL}")
        result = read_docx(converted)
    result.notes.append(f"{path.suffix.lower()} 文件已经 LibreOffice 转换后读取")
    return result
