"""Size limits shared by the reader and the text that explains them (kept free of imports: the CLI's help reads it)."""

MAX_FILE_BYTES = 10_000_000  # a plan of 10,000 tasks is about 2 MB; more is a wrong file (a log, a database dump)
