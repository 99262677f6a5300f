"""planforge: annual work plans as YAML, rendered as GB/T 9704 official documents."""

__version__ = "0.1.0"  # the one place of the version: pyproject.toml reads it (tool.hatch.version)
