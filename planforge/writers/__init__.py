"""Writers turn a :class:`~planforge.document.Document` into one file format."""
