"""Reading YAML safely while remembering where every value came from.

We let libyaml (through PyYAML) *compose* the file into nodes, each with its
line and column, and build plain dicts, lists and scalars from them ourselves.
Every key and value is recorded in a :class:`SourceMap` under its path
(``("sections", 2, "tasks", 0, "title")``), so that an error found much later
can point at the exact place in the user's file.  Nothing is constructed from
a tag: a ``!!python/…`` tag is reported, never run.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic, PlanError, Position
from .limits import MAX_FILE_BYTES  # past this a file is the wrong one, and would only make every command slow
from .records import Record, record

PathKey = tuple[Any, ...]
# Anchors and aliases are allowed, but a tree that expands past this many
# nodes is a YAML bomb, not a work plan.
MAX_NODES = 2_000_000
MAX_DEPTH = 64  # a work plan nests about 6 levels deep
# Characters XML 1.0 cannot hold (so Word would refuse the document), C1 controls,
# lone surrogates and non-characters: never meant, often pasted from elsewhere.
_BAD_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def _bad_character_message(char: str) -> str:
    code = f"U+{ord(char):04X}" if len(char) == 1 else repr(char)
    return f"此处有不可见的控制字符（{code}），Word 无法打开含这种字符的文件；请删除它（常见于从网页或其他软件复制的文字）。"


def _offset_position(name: str, text: str, index: int) -> Position:
    index = max(0, min(index, len(text)))
    line = text.count("\n", 0, index)
    return Position(name, line + 1, index - (text.rfind("\n", 0, index) + 1) + 1)


def bad_character(text: str) -> str | None:
    """The first character of ``text`` no document may contain, or None."""
    found = _BAD_CHARACTER.search(text)
    return found.group() if found else None
_TAG = "tag:yaml.org,2002:"
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


assert not _SafeLoader.yaml_path_resolvers  # what lets _Loader.resolve skip them
_WILDCARD = tuple(_SafeLoader.yaml_implicit_resolvers.get(None, []))
_BY_FIRST = {first: tuple(found) + _WILDCARD for first, found in _SafeLoader.yaml_implicit_resolvers.items() if first is not None}


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """The safe loader, resolving a scalar's tag in one dictionary look-up and one loop.

    The composer asks for the tag of every node (about 100,000 in a large plan):
    PyYAML's general ``resolve`` builds a list of candidate patterns each time and
    looks at path resolvers, which the safe loader has none of.  Here the candidates
    are gathered per first character once; a text starting with a character no
    pattern starts with (any Chinese one) is a string at once.  Same tags (tested
    against PyYAML's own)."""

    def resolve(self, kind, value, implicit):
        if kind is ScalarNode:
            if implicit[0]:
                for tag, regexp in _BY_FIRST.get(value[:1], _WILDCARD):
                    if regexp.match(value):
                        return tag
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG


_ALLOWED_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}
_SCALARS = SafeConstructor()
_STR = _TAG + "str"


class SourceMap:
    """Where every key and value of one loaded document is written, found when asked.

    Making a :class:`Position` for each of the ~100,000 nodes of a large plan,
    and a path for each, cost as much as composing the file, and almost none is
    ever asked for: only a message needs a place.  So the map keeps the
    composed nodes and walks them to a path on demand (one step per path part,
    a sequence indexed, a mapping's keys compared; the first of duplicate keys
    counts, as the builder keeps it).  Another file's map can be grafted under
    a key (org.yaml under ``org``), as if its places had been copied in."""

    def __init__(self, file: str, text: str = "", root: Node | None = None):
        self.file = file
        self.text = text  # the file's text as read (line ends as \n), so later steps need not read it again
        self.root = root
        self._grafts: list[tuple[PathKey, frozenset, SourceMap, Position]] = []
        self._mappings: dict[int, dict[str, tuple[Node, Node]]] = {}  # by id: the nodes live as long as root

    def graft(self, prefix: PathKey, other: "SourceMap", own_keys: Iterable[str]) -> None:
        """Places under ``prefix + (k, …)`` come from ``other`` at ``(k, …)``, for each ``k`` not in
        ``own_keys``; ``prefix`` itself, when this file does not have it, is the start of ``other``'s file."""
        self._grafts.append((prefix, frozenset(own_keys), other, Position(other.file)))

    def _walk(self, path: PathKey) -> tuple[int, Node | None, Node | None]:
        """How many parts of ``path`` this file has, the last node reached and its key node."""
        node, key_node = self.root, None
        if node is None:
            return -1, None, None
        for depth, part in enumerate(path):
            if node.tag not in _ALLOWED_TAGS:
                return depth, node, key_node
            if isinstance(node, SequenceNode):
                if type(part) is not int or not 0 <= part < len(node.value):
                    return depth, node, key_node
                node, key_node = node.value[part], None
            elif isinstance(node, MappingNode) and isinstance(part, str):
                entry = self._entries(node).get(part)
                if entry is None:
                    return depth, node, key_node
                key_node, node = entry
            else:
                return depth, node, key_node
        return len(path), node, key_node

    def _entries(self, node: MappingNode) -> dict[str, tuple[Node, Node]]:
        """A mapping's text keys → (key node, value node), the first of duplicates; made on first use."""
        entries = self._mappings.get(id(node))
        if entries is None:
            entries = {}
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.tag != _TAG + "merge":
                    key = _scalar(k, self.text)[0]
                    if isinstance(key, str):
                        entries.setdefault(key, (k, v))
            self._mappings[id(node)] = entries
        return entries

    def _graft_for(self, path: PathKey):
        for prefix, own, other, start in self._grafts:
            n = len(prefix)
            if len(path) > n and path[:n] == prefix and path[n] not in own:
                return n, other, start
        return None

    def _at(self, node: Node) -> Position:
        return Position(self.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def _value(self, path: PathKey) -> tuple[int, Position | None]:
        """The deepest known ancestor of ``path`` (itself included): its length and place.
        A grafted place wins over this file's at the same depth (it was copied over it)."""
        depth, node, _ = self._walk(path)
        found = self._at(node) if node is not None else None
        graft = self._graft_for(path)
        if graft:
            n, other, _ = graft
            other_depth, other_found = other._value(path[n:])
            if other_depth >= 1 and n + other_depth >= depth:
                return n + other_depth, other_found
        for prefix, _, _, start in self._grafts:
            if len(prefix) > depth and path[:len(prefix)] == prefix:
                return len(prefix), start
        return depth, found

    def has(self, path: PathKey) -> bool:
        """Whether ``path`` itself has a place (not only an ancestor)."""
        return self._value(path)[0] == len(path)

    def value(self, path: PathKey) -> Position:
        """Where the value at ``path`` is, or its nearest known ancestor."""
        return self._value(path)[1] or Position(self.file)

    def key(self, path: PathKey) -> Position:
        """Where the key of ``path`` is written (falls back to the value)."""
        graft = self._graft_for(path)
        if graft:
            n, other, _ = graft
            depth, _, key_node = other._walk(path[n:])
            if depth == len(path) - n and key_node is not None:
                return other._at(key_node)
        depth, _, key_node = self._walk(path)
        if depth == len(path) and key_node is not None:
            return self._at(key_node)
        return self.value(path)


def _scalar(node: ScalarNode, text: str) -> tuple[Any, str | None]:
    """A scalar's value, and the control character it may not contain (then the value is "")."""
    tag = node.tag
    bad = bad_character(node.value) if node.style == '"' else None
    if bad:  # written as an escape ("\x01"), the only way: the raw text passed the first scan
        return "", bad
    if tag == _STR:
        return (_unfold(node, text) if node.style == ">" else node.value), None
    if tag == _TAG + "timestamp":
        return node.value, None  # dates are validated by the model, with positions
    try:
        return _SCALARS.construct_object(node), None
    except (ConstructorError, ValueError):
        return node.value, None


def _unfold(node: ScalarNode, text: str) -> str:
    """A folded scalar (``>``) without the spaces YAML puts at line breaks in Chinese.

    YAML folds a line break into a space, right for English and wrong for
    Chinese.  We re-fold the raw lines: a break between two ASCII
    characters becomes a space, any other disappears; a blank line is a
    paragraph break."""
    raw = text[node.start_mark.index:node.end_mark.index].split("\n")[1:]
    paragraphs, lines = [], []
    for line in raw + [""]:
        line = line.strip()
        if line:
            lines.append(line)
        elif lines:
            joined = lines[0]
            for nxt in lines[1:]:
                joined += (" " if joined[-1].isascii() and nxt[0].isascii() else "") + nxt
            paragraphs.append(joined)
            lines = []
    return "\n\n".join(paragraphs)


def _as_it_is(node: Node) -> bool:
    """A text scalar whose value is the text libyaml read: not double-quoted (a control character
    may hide in an escape there) nor folded (``>``, re-folded for Chinese).  Most of a plan."""
    return type(node) is ScalarNode and node.tag == _STR and node.style != '"' and node.style != ">"


class _Builder:
    """Nodes → plain data, collecting problems (places are left to :class:`SourceMap`)."""

    def __init__(self, text: str, smap: SourceMap):
        self.text = text
        self.smap = smap
        self.problems: list[Diagnostic] = []
        self.budget = MAX_NODES

    def at(self, node: Node) -> Position:
        return Position(self.smap.file, node.start_mark.line + 1, node.start_mark.column + 1)

    def build(self, node: Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise PlanError([Diagnostic("PF001", "文件展开后过大（别名嵌套过深？），无法作为工作计划读取。", self.at(node))])
        if depth > MAX_DEPTH:
            raise PlanError([Diagnostic("PF001", f"嵌套超过 {MAX_DEPTH} 层，不是工作计划的结构（缩进或括号有误？）。", self.at(node))])
        tag = node.tag
        if _as_it_is(node):
            return node.value
        if tag not in _ALLOWED_TAGS:
            self.problems.append(Diagnostic("PF002", "不支持 YAML 标签（以 ! 开头），请删除标签，只写文本、数字、列表或映射。", self.at(node)))
            return None
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        if isinstance(node, SequenceNode):
            depth += 1
            return [self.build(item, depth) for item in node.value]
        return self.scalar(node)

    def mapping(self, node: MappingNode, depth: int) -> dict:
        out: dict[str, Any] = {}
        depth += 1
        shallow = depth <= MAX_DEPTH
        for key_node, value_node in node.value:
            if _as_it_is(key_node):
                key = key_node.value
            else:
                key = self.scalar(key_node) if isinstance(key_node, ScalarNode) else None
                if not isinstance(key, str) or key_node.tag == _TAG + "merge":
                    self.problems.append(Diagnostic("PF102", "键应为普通文本（不支持 << 合并、列表或映射作键）。", self.at(key_node)))
                    continue
            if key in out:
                first = self._first_key_line(node, key)
                self.problems.append(Diagnostic("PF001", f"YAML 语法错误：键“{key}”重复（第一次出现在第 {first} 行），请删除或合并其中一个。", self.at(key_node)))
                continue
            if shallow and self.budget > 0 and _as_it_is(value_node):  # what build would do, without the call
                self.budget -= 1
                out[key] = value_node.value
            else:
                out[key] = self.build(value_node, depth)
        return out

    def _first_key_line(self, node: MappingNode, key: str) -> int:
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode) and key_node.tag != _TAG + "merge" and _scalar(key_node, self.text)[0] == key:
                return key_node.start_mark.line + 1
        raise AssertionError("a duplicate key without a first")

    def scalar(self, node: ScalarNode) -> Any:
        value, bad = _scalar(node, self.text)
        if bad:
            self.problems.append(Diagnostic("PF007", _bad_character_message(bad), self.at(node)))
        return value


_YAML_PROBLEMS = (
    ("mapping values are not allowed", "此处不能出现“键: 值”，请检查缩进，或给含冒号的文本加引号"),
    ("found character that cannot start any token", "此处有 YAML 不允许的字符（Tab 缩进？请改用空格；以 @ 或 ` 开头的文本请加引号）"),
    ("found character '\\t'", "不能用 Tab 缩进，请改用空格"),
    ("could not find expected ':'", "缺少冒号“:”，或多行文本需要加引号"),
    ("found undefined alias", "引用了未定义的别名（*名称）"),
    ("did not find expected key", "缩进不一致，或列表项与键混在同一层级"),
    ("did not find expected '-' indicator", "列表项缩进不一致"),
    ("found unexpected end of stream", "文件意外结束（引号未闭合？）"),
    ("found unknown escape character", "双引号中的反斜杠 \\ 需写成 \\\\，或改用单引号"),
    ("did not find expected node content", "此处缺少内容"),
    ("expected <block end>", "缩进不一致"),
    ("but found another document", "文件中只能有一份计划（删除 --- 分隔的其余部分）"),
    ("found a tab character that violates indentation", "这里用 Tab 缩进了，请改用空格"),
    ("found a tab character where an indentation space is expected", "这里用 Tab 缩进了，请改用空格"),
    ("expected ',' or ']'", "方括号 [ ] 中的列表没有正确结束（缺 ] 或逗号？）"),
    ("expected ',' or '}'", "花括号 { } 中的映射没有正确结束（缺 } 或逗号？）"),
    ("found unexpected ':'", "此处的冒号“:”不能这样用，含冒号的文本请加引号"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("found undefined tag handle", "不支持 YAML 标签（以 ! 开头）"),
    ("found unknown escape", "双引号中的反斜杠 \\ 需写成 \\\\，或改用单引号"),
    ("found invalid Unicode character escape code", "双引号中的 \\u 转义不是有效字符，请直接写出文字"),
    ("expected alphabetic or numeric character", "锚点或别名（& 或 *）后面缺少名称；以 & 或 * 开头的文本请加引号"),
    ("expected a comment or a line break", "此处应换行（多余的文字？引号后面不能再写文字）"),
    ("found unexpected end of stream", "文件意外结束（引号未闭合？）"),
    ("while scanning a quoted scalar", "引号没有闭合"),
    ("while scanning a simple key", "缺少冒号“:”，或多行文本需要加引号"),
)


def _yaml_problem(problem: str, context: str = "") -> str:
    """libyaml's message in Chinese (its English kept in brackets for whoever maintains the file)."""
    for english, chinese in _YAML_PROBLEMS:
        if english in problem or (context and context.startswith(english)):
            return f"{chinese}（{problem}）。"
    return f"此处的写法 YAML 无法理解，请检查缩进、冒号和引号（{problem or context}）。"


def read_source(path: Path, name: str) -> str:
    """A source file's text (BOM dropped, line ends as ``\\n``); PF000 when it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanError([Diagnostic("PF006", f"文件有 {size // 1_000_000} MB，超过计划文件的上限 "
                                        f"{MAX_FILE_BYTES // 1_000_000} MB；工作计划不会这么大，请检查是否选错了文件。", Position(name))])
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise PlanError([Diagnostic("PF000", "找不到文件。", Position(name))]) from None
    except IsADirectoryError:
        raise PlanError([Diagnostic("PF000", "这是一个文件夹，不是计划文件。", Position(name))]) from None
    except UnicodeDecodeError as exc:
        raise PlanError([Diagnostic("PF000", f"文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8。", Position(name))]) from None
    except OSError as exc:
        raise PlanError([Diagnostic("PF000", f"无法读取文件：{exc.strerror}。", Position(name))]) from None
    return text.replace("\r\n", "\n")


def _reader_position(name: str, exc: yaml.MarkedYAMLError) -> Position:
    mark = exc.problem_mark or exc.context_mark
    return Position(name, mark.line + 1, mark.column + 1) if mark else Position(name)


def _check_depth(text: str, name: str) -> bool:
    """Refuse deep nesting before composing: libyaml's composer recurses in C and would crash.
    Whether the file has aliases (``*name``), the only way to a tree larger than its text."""
    depth, aliases = 0, False
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            aliases = True
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise PlanError([Diagnostic("PF001", f"嵌套超过 {MAX_DEPTH} 层，不是工作计划的结构（缩进或括号有误？）。",
                                            Position(name, mark.line + 1, mark.column + 1))])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
    return aliases


# indentation and block indicators that open a collection on a line (found after each line end: a pattern
# anchored with ^ and re.M is tried at every character of a 3 MB file)
_PREFIX = re.compile(r"[ \-?:]*")
_NEWLINE_PREFIX = re.compile(r"\n[ \-?:]*")
_BRACKET = re.compile(r"[\[{]")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_ONE_PAIR = re.compile(r"[^'\"#\[\]{}]*[\[{][^'\"#\[\]{}]*[\]}][^'\"#\[\]{}]*")  # a line with one pair of brackets, no quote
# a block mapping entry whose whole value is one quoted scalar (how a text with {{ expressions }} is written)
_QUOTED_ENTRY = re.compile(r"""[ ]*(?:-[ ]+)*[^\s'"#\[\]{},&*!|>%@`?:-][^'"#\[\]{}]*?:[ ]+(?:'(?:[^']|'')*'|"(?:[^"\\]|\\.)*")[ ]*""")


def _flow_lines(text: str) -> list[str]:
    """The lines that have an opening bracket, found from the brackets."""
    lines, line_end = [], -1
    for bracket in _BRACKET.finditer(text):
        index = bracket.start()
        if index < line_end:
            continue
        line_end = text.find("\n", index)
        if line_end == -1:
            line_end = len(text)
        lines.append(text[text.rfind("\n", 0, index) + 1:line_end])
    return lines


def depth_bound(text: str) -> int | None:
    """An upper bound of the nesting depth, read from the text alone; None when it cannot tell cheaply.

    Parsing the whole file once more only to count its depth took as long as composing it.  A block
    collection nested in another one starts further right (or, a sequence as a mapping's value, at the
    same column): at most two levels per column of a line's leading indentation and indicators.  A flow
    collection ``[…]`` or ``{…}`` opens with a bracket.  When every line with a bracket either closes every
    bracket it opens, with no quote or comment, or is ``key: '…'`` with the brackets inside the quotes,
    no flow collection goes on past its line, and a line's opening brackets bound its flow depth.
    Aliases and anchors, and any other line: None (the caller counts the parser's events)."""
    if "*" in text or "&" in text:
        return None
    flow = 0
    for line in _flow_lines(text):
        if _ONE_PAIR.fullmatch(line):  # the common case, ``departments: [a, b]``
            flow = max(flow, 1)
            continue
        if "'" in line or '"' in line or "#" in line:
            if _QUOTED_ENTRY.fullmatch(line):
                continue  # the brackets are text in a quoted scalar
            return None
        depth = opened = 0
        for char in _NOT_BRACKET.sub("", line):
            depth += 1 if char in "[{" else -1
            opened += char in "[{"
            if depth < 0:
                return None
        if depth:
            return None
        flow = max(flow, opened)
    block = max(max(map(len, _NEWLINE_PREFIX.findall(text)), default=1) - 1, len(_PREFIX.match(text).group()))
    return 2 * (block + 1) + 1 + flow


def _check_expanded_size(root: Node, name: str) -> None:
    """Refuse a YAML bomb before building it: an alias is the same node object as its anchor,
    so the expanded size of each node is counted once (memoised), however often it is repeated."""
    sizes: dict[int, int] = {}

    def size(node: Node, depth: int) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        if depth > MAX_DEPTH:
            raise PlanError([Diagnostic("PF001", f"嵌套超过 {MAX_DEPTH} 层（别名层层引用？），不是工作计划的结构。",
                                        Position(name, node.start_mark.line + 1, node.start_mark.column + 1))])
        total = 1
        if isinstance(node, SequenceNode):
            total += sum(size(item, depth + 1) for item in node.value)
        elif isinstance(node, MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        if total > MAX_NODES:
            raise PlanError([Diagnostic("PF001", "文件展开后过大（别名嵌套过深？），无法作为工作计划读取。",
                                        Position(name, node.start_mark.line + 1, node.start_mark.column + 1))])
        sizes[id(node)] = total
        return total

    size(root, 0)


# A key typed with the Chinese input method still on: ``title：…`` (or ``- title：…``) at the start of a line.
_KEY_COLON = re.compile(r"^([ \t]*(?:-[ \t]+)*)([A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff]{1,6})([ \t]*：)", re.M)


@record
class KeyColon(Record):
    """A full-width colon after a key: where it is, and the text that replaces ``start:end``."""

    key: str
    colon: int  # index of the ``：``
    start: int  # from the end of the key …
    end: int  # … to just after the ``：``
    replacement: str


def _key_starts(text: str) -> set[tuple[int, int]]:
    """(line, column) of every mapping key in ``text``; empty when it does not compose."""
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return set()
    found, stack = set(), [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            for key, value in node.value:
                found.add((key.start_mark.line, key.start_mark.column))
                stack.append(value)
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return found


def _key_colon_lines(text: str) -> list[re.Match]:
    """What ``_KEY_COLON.finditer(text)`` finds, tried only on the lines that have a ``：``
    (a match lies within one line and ends with one): a plan may have one in its preamble
    and none in its 10,000 tasks."""
    found, index, line_start = [], text.find("："), -1
    while index != -1:
        start = text.rfind("\n", 0, index) + 1
        if start != line_start:
            line_start = start
            match = _KEY_COLON.match(text, start)
            if match:
                found.append(match)
        end = text.find("\n", index)
        index = text.find("：", end) if end != -1 else -1
    return found


def key_colons(text: str, keys: frozenset[str]) -> list[KeyColon]:
    """Full-width colons typed after one of ``keys`` where a YAML key was meant.

    A candidate counts only if, with the colon made half-width, YAML reads that
    word as a key: a line of prose in a block of text that happens to start with
    ``标题：`` stays prose.  A file without ``：`` after a key costs one regex scan."""
    candidates = [m for m in _key_colon_lines(text) if m.group(2) in keys]
    if not candidates:
        return []
    found = []
    for m in candidates:
        after = text[m.end():m.end() + 1]
        found.append(KeyColon(m.group(2), m.end() - 1, m.end(2), m.end(), ":" if after in ("", " ", "\n") else ": "))
    fixed = text
    for colon in reversed(found):
        fixed = fixed[:colon.start] + colon.replacement + fixed[colon.end:]
    starts = _key_starts(fixed)
    lines = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def start_of(colon: KeyColon) -> tuple[int, int]:
        line = text.count("\n", 0, colon.start)
        return line, colon.start - len(colon.key) - lines[line]

    return [c for c in found if start_of(c) in starts]


def load_yaml(path: Path, display: str | None = None, text: str | None = None,
              keys: frozenset[str] = frozenset(), problems: list[Diagnostic] | None = None) -> tuple[Any, SourceMap]:
    """Load one YAML file (or ``text`` as if it were that file); raise :class:`PlanError` with positions.

    ``keys`` are the key names a full-width colon after which is reported as PF008.
    Given a ``problems`` list, mistakes YAML could read past (a duplicate key, a tag,
    a key that is not text) go there and the data is returned without them, so that
    the caller can report them with everything else it finds."""
    name = display or str(path)
    smap = SourceMap(name)
    if text is None:
        text = read_source(path, name)
    else:
        text = text.lstrip("\ufeff").replace("\r\n", "\n")
    bad = _BAD_CHARACTER.search(text)
    if bad:
        raise PlanError([Diagnostic("PF007", _bad_character_message(bad.group()), _offset_position(name, text, bad.start()))])
    smap.text = text
    colons = key_colons(text, keys) if "：" in text else []
    if colons:
        raise PlanError([Diagnostic("PF008", f"键“{c.key}”后面用了全角冒号“：”，YAML 不认；应写成半角冒号加空格“{c.key}: ”。",
                                    _offset_position(name, text, c.colon)) for c in colons])
    try:
        bound = depth_bound(text)
        aliases = _check_depth(text, name) if bound is None or bound > MAX_DEPTH else False
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        where = _reader_position(name, exc)
        raise PlanError([Diagnostic("PF001", "YAML 语法错误：" + _yaml_problem(exc.problem or "", exc.context or ""), where)]) from None
    except yaml.reader.ReaderError as exc:
        where = _offset_position(name, text, exc.position)
        raise PlanError([Diagnostic("PF007", _bad_character_message(chr(exc.character) if isinstance(exc.character, int) else str(exc.character)), where)]) from None
    except yaml.YAMLError as exc:
        raise PlanError([Diagnostic("PF001", f"YAML 语法错误：{exc}", Position(name))]) from None
    except RecursionError:
        raise PlanError([Diagnostic("PF001", f"嵌套超过 {MAX_DEPTH} 层，不是工作计划的结构。", Position(name))]) from None
    if root is None:
        return None, smap
    if aliases:  # without them the tree is as large as the text, and the builder counts its nodes anyway
        _check_expanded_size(root, name)
    smap.root = root
    builder = _Builder(text, smap)
    data = builder.build(root, 0)
    if builder.problems and problems is None:
        raise PlanError(sorted(builder.problems, key=lambda d: d.position))
    if problems is not None:
        problems += builder.problems
    return data, smap
