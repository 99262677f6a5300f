"""``planforge import``: a plan in any format an office has (Word, WPS, PDF, web page, text) → a plan file.

Stages, each a module: ``readers`` (a file → pieces with their line, paragraph
or page) → ``clean`` (site debris, page numbers, punctuation, traditional
characters, re-joined and re-split lines) → ``label`` (each line's label,
chosen for the whole document by scores and an order grammar) → ``assemble``
(a typed ``draft``) → ``write`` (the YAML a person edits), driven by
``pipeline``.  Regular expressions live in ``patterns``.
"""
from .pipeline import ImportFailed, ImportReport, explain_document, import_document, recognise

__all__ = ["ImportFailed", "ImportReport", "explain_document", "import_document", "recognise"]
