"""planforge.source._Loader resolves every node to the tag PyYAML's safe loader gives it.

Its ``resolve`` looks candidates up per first character instead of PyYAML's
general path; checked here on scalars drawn from the characters YAML's implicit
patterns care about (numbers, booleans, nulls, dates, ``<<``, ``=``) and on
whole documents."""
from __future__ import annotations

import yaml
from hypothesis import given, settings, strategies as st
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from planforge.source import _Loader

STOCK = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SCALAR_CHARS = st.sampled_from(list("0123456789+-._:eE~<=xXoObB TtFfNnYy") + ["null", "true", "False", "yes", "Off",
                                                                              ".inf", ".NaN", "0x", "0o", "2024-02-20",
                                                                              "T10:00:00Z", "一", "年", "\t", ""])
SCALARS = st.lists(SCALAR_CHARS, max_size=8).map("".join)


@settings(max_examples=2000, deadline=None)
@given(SCALARS, st.booleans(), st.booleans())
def test_scalar_tags(value, plain, quoted):
    ours, stock = _Loader(""), STOCK("")
    for kind in (ScalarNode, SequenceNode, MappingNode):
        node_value = value if kind is ScalarNode else None
        assert ours.resolve(kind, node_value, (plain, quoted)) == stock.resolve(kind, node_value, (plain, quoted)), value


def tags(node, seen=None):
    if isinstance(node, ScalarNode):
        return (node.tag, node.value)
    if isinstance(node, SequenceNode):
        return (node.tag, [tags(item) for item in node.value])
    return (node.tag, [(tags(k), tags(v)) for k, v in node.value])


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(SCALARS, SCALARS), max_size=6), st.lists(SCALARS, max_size=6))
def test_documents(pairs, items):
    text = "".join(f"{k!r}: {v}\n" for k, v in pairs if v.strip() and ":" not in v and v[:1] not in "-?")
    text += "list: [" + ", ".join(repr(i) if i[:1] in "-?:" or "," in i else i for i in items if i.strip()) + "]\n"
    try:
        stock = yaml.compose(text, Loader=STOCK)
    except yaml.YAMLError:
        return
    assert tags(yaml.compose(text, Loader=_Loader)) == tags(stock)
