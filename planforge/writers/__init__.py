"""Writers turn a :class:`~planforge.document.Document` into one file format.

Templates tell blocks apart with Jinja2 tests named after the block classes
(``{% if b is Task %}``) and end their chain with ``{{ unknown(b) }}``, so a
block a template has no rule for stops the render instead of vanishing.
"""
from __future__ import annotations

from typing import Any

from ..document import BLOCK_TYPES, unknown_block


def block_globals(env) -> dict[str, Any]:
    """Register the block tests on ``env``; return the globals templates use with them."""
    env.tests.update({cls.__name__: (lambda block, cls=cls: type(block) is cls) for cls in BLOCK_TYPES})
    return {"unknown": unknown_block}
