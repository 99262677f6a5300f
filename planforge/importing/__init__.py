"""``planforge import``: a plan in any format an office has (Word, WPS, PDF, web page, text) → a plan file.

Stages: ``readers`` (a file → pieces with their line, paragraph or page) →
``clean`` (site debris, page numbers, punctuation, traditional characters,
re-joined lines) → ``recognise`` (each piece labelled, with the reason) →
``write`` (the YAML a person edits), driven by ``pipeline``.
"""
from .pipeline import ImportFailed, ImportReport, explain_document, import_document, recognise

__all__ = ["ImportFailed", "ImportReport", "explain_document", "import_document", "recognise"]
