"""Talking to fontconfig: which fonts this machine has, and a private configuration for one conversion.

fontconfig is how LibreOffice finds fonts on Linux and the BSDs, so asking it
(``fc-list``) tells exactly what the PDF conversion will find.  Windows and
macOS have no fontconfig as a rule: there :func:`installed_fonts` answers
``None`` ("cannot tell") instead of guessing.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

# fontconfig's names for the weights the substitutes ask for (fontconfig.h: FC_WEIGHT_*).
WEIGHTS = {"bold": 200, "black": 210}


@dataclass(frozen=True)
class Installed:
    """The installed fonts as fontconfig lists them: family name (any of its names) → weights."""

    weights: dict[str, frozenset[tuple[float, float]]]

    def has(self, family: str, weight: Optional[str] = None) -> bool:
        ranges = self.weights.get(family.casefold())
        if not ranges:
            return False
        if weight is None:
            return True
        wanted = WEIGHTS[weight]
        return any(low <= wanted <= high for low, high in ranges)


def _weight_range(text: str) -> tuple[float, float]:
    """``80`` or, for a variable font, ``[0 210]``."""
    parts = text.strip("[] ").split()
    try:
        numbers = [float(p) for p in parts] or [80.0]
    except ValueError:
        numbers = [80.0]
    return min(numbers), max(numbers)


def parse_fc_list(output: str) -> Installed:
    """Parse ``fc-list --format '%{family}\\t%{weight}\\n'``."""
    weights: dict[str, set[tuple[float, float]]] = {}
    for line in output.splitlines():
        families, _, weight = line.partition("\t")
        for family in families.split(","):
            if family.strip():
                weights.setdefault(family.strip().casefold(), set()).add(_weight_range(weight))
    return Installed({family: frozenset(ranges) for family, ranges in weights.items()})


def installed_fonts() -> Optional[Installed]:
    """The fonts fontconfig knows, or ``None`` when this machine has no fontconfig (or it fails).

    Not cached: ``fc-list`` takes a few milliseconds, and a font installed
    meanwhile is seen at once."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        result = subprocess.run([program, "--format", "%{family}\t%{weight}\n"],
                                capture_output=True, check=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return parse_fc_list(result.stdout.decode("utf-8", errors="replace"))


def substitution_config(rules: Iterable[tuple[str, str, Optional[str]]]) -> str:
    """A fontconfig file: the user's usual configuration, plus one rule per (missing font, substitute, weight).

    The rules come first so that they rewrite the requested family before the
    system's generic fallbacks run (those would pick any CJK face, usually a
    Japanese one).  The usual configuration is included by its relative name,
    which fontconfig looks up in its own configuration directory (``/etc/fonts``
    on Debian) — or by the file the user already chose with FONTCONFIG_FILE."""
    root = ET.Element("fontconfig")
    for missing, family, weight in rules:
        match = ET.SubElement(root, "match", target="pattern")
        ET.SubElement(ET.SubElement(match, "test", name="family"), "string").text = missing
        ET.SubElement(ET.SubElement(match, "edit", name="family", mode="assign", binding="strong"),
                      "string").text = family
        if weight is not None:
            ET.SubElement(ET.SubElement(match, "edit", name="weight", mode="assign", binding="strong"),
                          "const").text = weight
    ET.SubElement(root, "include", ignore_missing="no").text = os.environ.get("FONTCONFIG_FILE") or "fonts.conf"
    ET.indent(root)
    return ('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
            + ET.tostring(root, encoding="unicode") + "\n")


def private_config(config_dir: Path, rules: list[tuple[str, str, Optional[str]]]) -> dict[str, str]:
    """Environment variables that make a subprocess see ``rules``: FONTCONFIG_FILE pointing at a
    private file written into ``config_dir`` (the caller's temporary directory). None without rules."""
    if not rules:
        return {}
    path = config_dir / "fonts.conf"
    path.write_text(substitution_config(rules), encoding="utf-8")
    return {"FONTCONFIG_FILE": str(path)}
