"""The JSON Schemas of a plan file and of org.yaml, for editors and ``check-jsonschema``.

They are generated from the model (:mod:`planforge.schemagen`, with pydantic) and
shipped in the package (``planforge/schemas/``), so that ``schema``, ``new`` and
``import`` write them without loading pydantic; a test keeps them current.  Beside
the plans they live as ``plan.schema.json`` and ``org.schema.json``; the first line
of a plan file, ``# yaml-language-server: $schema=./plan.schema.json``, tells the
editor (VS Code with Red Hat's YAML extension) to use it — a path relative to the
plan, so the modeline works in every checkout of the plans repository.
"""
from __future__ import annotations

from pathlib import Path

PLAN_SCHEMA = "plan.schema.json"
ORG_SCHEMA = "org.schema.json"
MODELINE_PREFIX = "# yaml-language-server: $schema="
SHIPPED = Path(__file__).parent / "schemas"


def schema_text(org: bool = False) -> str:
    """The schema as its file holds it."""
    return (SHIPPED / (ORG_SCHEMA if org else PLAN_SCHEMA)).read_text(encoding="utf-8")


def schema_files(folder: Path, org_folder: Path | None = None) -> list[tuple[Path, str]]:
    """The plan schema for ``folder`` and the org.yaml schema for ``org_folder`` (default the same), as (path, text).

    Each goes beside the files whose modeline names it."""
    return [(folder / PLAN_SCHEMA, schema_text()), ((org_folder or folder) / ORG_SCHEMA, schema_text(org=True))]


def stale_schema_files(folder: Path, org_folder: Path | None = None) -> list[tuple[Path, str]]:
    """The schema files that are missing or not this planforge's: what ``new`` and ``import`` (re)write."""
    stale = []
    for path, text in schema_files(folder, org_folder):
        try:
            current = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            current = None
        if current != text:
            stale.append((path, text))
    return stale


def modeline(org: bool = False) -> str:
    return f"{MODELINE_PREFIX}./{ORG_SCHEMA if org else PLAN_SCHEMA}"


def with_modeline(text: str, org: bool = False) -> str:
    """``text`` (as read: no BOM, ``\\n`` line ends) with the schema modeline as its first line,
    unchanged if it has one already.  Only a line is added; the rest stays as it was."""
    if text.startswith(MODELINE_PREFIX):
        return text
    return f"{modeline(org)}\n{text}"
