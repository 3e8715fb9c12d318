"""Carry subtitle markup through sentence-by-sentence translation.

Each cue's text is read in its own syntax: a plain cue is literal text (a
"dose < 5 mg" stays as written), a WebVTT cue is parsed by the W3C rules, and
a SubRip cue is first turned into WebVTT, so both take one path.

Markup wrapping the whole cue (a voice, italics, a class, a language, nested)
is taken off before the cues are merged into sentences and put back around the
cue's share of the translation. Inline markup (a span over part of a cue, a
karaoke timestamp) becomes placeholders the engine passes through, as glossary
terms do. After translation each cue must get its own placeholders back, once
each and in order; if the engine lost or mangled one, or a placeholder moved
to another cue, that cue's inline markup is dropped (its text kept) and the
cue is reported as broken markup, rather than written with broken tags.

Ruby annotations (``<rt>``) are dropped with their ``<ruby>`` element: they
spell out how the source is pronounced, which does not fit the translation.
Character references are decoded for the engine; the output is WebVTT cue text
escaped again, with its lines broken only between tags, never inside one.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from transcripts.cues import CueRules, break_lines
from transcripts.formats.cuetext import (
    PLAIN,
    ROOT,
    SRT,
    TEXT,
    TIMESTAMP,
    WEBVTT,
    CueNode,
    parse_cue_text,
    plain_text_of,
    serialize_cue_text,
    to_webvtt_markup,
)
from transcripts.formats.model import CueLike, cue_syntax
from translation.placeholders import placeholder, placeholder_pattern

MARKUP = "M"
OPEN = "open"
CLOSE = "close"
# Elements that may wrap a whole cue; a lone ruby is not kept (see above).
WRAPPERS = frozenset({"c", "i", "b", "u", "v", "lang"})

_PLACEHOLDER = placeholder_pattern(MARKUP)
_SPACES = re.compile(r"\s+")
# Marks where a placeholder may need a space before (_BEFORE) or after (_AFTER)
# it: only next to a word or another placeholder, so "amore</c>," stays glued.
_BEFORE = "\x01"
_AFTER = "\x02"
_NEEDED_GAP = re.compile(rf"(?<=[\w{_AFTER}]){_BEFORE}|{_AFTER}(?=[\w{_BEFORE}])")
_GAP = re.compile(f"[{_BEFORE}{_AFTER}]")
_SPACE_AFTER = re.compile(_PLACEHOLDER.pattern + r"\s+", re.IGNORECASE)
_SPACE_BEFORE = re.compile(r"\s+" + _PLACEHOLDER.pattern, re.IGNORECASE)


@dataclass(frozen=True)
class InlineTag:
    """What one placeholder stands for: a span's start or end, or a timestamp."""

    role: str
    node: CueNode


@dataclass(frozen=True)
class CueMarkup:
    """A cue's readable text for the engine and the markup taken off it.

    ``syntax`` is the syntax the translated cue is written in, ``text`` holds
    placeholders numbered from ``first`` for the ``inline`` tags, and
    ``wrappers`` are the elements around the whole cue, outermost first.
    """

    syntax: str
    text: str
    wrappers: tuple[CueNode, ...] = ()
    inline: tuple[InlineTag, ...] = ()
    first: int = 0


@dataclass(frozen=True)
class BrokenMarkup:
    """A cue whose inline markup did not survive translation and was dropped."""

    cue_index: int
    source: str
    translation: str


@dataclass
class _Masker:
    """Collects a cue's readable text, with a placeholder for each inline tag."""

    first: int
    is_spaced: bool
    parts: list[str] = field(default_factory=list)
    inline: list[InlineTag] = field(default_factory=list)

    def add(self, node: CueNode) -> None:
        """Add a node and its children to the text."""
        if node.kind == TEXT:
            self.parts.append(node.text)
        elif node.kind == TIMESTAMP:
            self._tag(InlineTag(TIMESTAMP, node))
        elif node.kind == "ruby":
            self._add_all(node.children)
        elif node.kind != "rt":
            self._tag(InlineTag(OPEN, _shell(node)))
            self._add_all(node.children)
            self._tag(InlineTag(CLOSE, _shell(node)))

    def _add_all(self, nodes: Sequence[CueNode]) -> None:
        for node in nodes:
            self.add(node)

    def _tag(self, tag: InlineTag) -> None:
        number = placeholder(MARKUP, self.first + len(self.inline))
        self.parts.append(f"{_BEFORE}{number}{_AFTER}" if self.is_spaced else number)
        self.inline.append(tag)

    def text(self) -> str:
        """Return the text, a placeholder spaced apart from the words beside it."""
        # The engine must see a placeholder as a word of its own.
        text = _NEEDED_GAP.sub(" ", "".join(self.parts))
        return _fold(_GAP.sub("", text))


def take_markup(cues: Sequence[CueLike], spaced: bool) -> list[CueMarkup]:
    """Take the markup off each cue; number placeholders across all the cues."""
    markups: list[CueMarkup] = []
    first = 0
    for cue in cues:
        markups.append(_cue_markup(cue, first, spaced))
        first += len(markups[-1].inline)
    return markups


def _cue_markup(cue: CueLike, first: int, spaced: bool) -> CueMarkup:
    syntax = cue_syntax(cue)
    if syntax == PLAIN:
        return CueMarkup(PLAIN, _fold(cue.text), first=first)
    markup = cue.text if syntax == WEBVTT else to_webvtt_markup(cue.text, SRT)
    wrappers, inner = _peel_wrappers(parse_cue_text(markup))
    masker = _Masker(first, spaced)
    for node in inner:
        masker.add(node)
    inline = tuple(masker.inline)
    return CueMarkup(WEBVTT, masker.text(), tuple(wrappers), inline, first)


def _peel_wrappers(root: CueNode) -> tuple[list[CueNode], list[CueNode]]:
    wrappers: list[CueNode] = []
    children = root.children
    while (only := _only_element(children)) is not None:
        wrappers.append(_shell(only))
        children = only.children
    return wrappers, children


def _only_element(children: list[CueNode]) -> CueNode | None:
    shown = [c for c in children if c.kind != TEXT or c.text.strip()]
    if len(shown) == 1 and shown[0].kind in WRAPPERS:
        return shown[0]
    return None


def _shell(node: CueNode) -> CueNode:
    return replace(node, children=[])


def _fold(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def placeholder_roles(markups: Sequence[CueMarkup]) -> dict[int, str]:
    """Map each placeholder's number to its role: open, close or timestamp."""
    return {
        markup.first + offset: tag.role
        for markup in markups
        for offset, tag in enumerate(markup.inline)
    }


def glue_placeholders(translation: str, roles: dict[int, str]) -> str:
    """Join each placeholder to the word it marks, so no cut falls between them."""

    def glue_after(match: re.Match[str]) -> str:
        is_close = roles.get(int(match[1])) == CLOSE
        return match[0] if is_close else match[0].rstrip()

    def glue_before(match: re.Match[str]) -> str:
        is_close = roles.get(int(match[1])) == CLOSE
        return match[0].lstrip() if is_close else match[0]

    return _SPACE_BEFORE.sub(glue_before, _SPACE_AFTER.sub(glue_after, translation))


def readable_text(text: str) -> str:
    """Return text without its markup placeholders, as a reader sees it."""
    return _fold(_PLACEHOLDER.sub("", text))


def put_back(markup: CueMarkup, translation: str, rules: CueRules) -> tuple[str, bool]:
    """Return a cue's translation in its syntax, lines broken; say if markup held."""
    translation = _fold(translation)
    inline = _inline_nodes(markup, translation)
    if inline is not None and any(map(_has_empty_span, inline)):
        # The engine dropped the word a span marked ("will" in a future tense):
        # an empty span would time or colour nothing, so the markup goes.
        inline = None
    # Another cue's stray placeholder is that cue's loss, reported there.
    is_intact = inline is not None or not markup.inline
    text = readable_text(translation)
    if markup.syntax == PLAIN:
        return break_lines(text, rules), is_intact
    if not text:
        return "", is_intact
    root = _wrapped(markup.wrappers, inline or [CueNode(TEXT, text=text)])
    _break_tree_lines(root, rules)
    return serialize_cue_text(root), is_intact


def _inline_nodes(markup: CueMarkup, translation: str) -> list[CueNode] | None:
    pieces = _PLACEHOLDER.split(translation)
    numbers = [int(number) - markup.first for number in pieces[1::2]]
    if numbers != list(range(len(markup.inline))):
        return None
    texts = pieces[::2]
    # A start tag or timestamp sticks to the word after it, an end tag to the
    # word before it, as the engine had them spaced apart.
    for number, tag in enumerate(markup.inline):
        if tag.role == CLOSE:
            texts[number] = texts[number].rstrip()
        else:
            texts[number + 1] = texts[number + 1].lstrip()
    return _nested(markup.inline, texts)


def _nested(inline: tuple[InlineTag, ...], texts: list[str]) -> list[CueNode]:
    root = CueNode(ROOT)
    stack = [root]
    for tag, text in zip((None, *inline), texts, strict=True):
        if tag is not None and tag.role == OPEN:
            stack[-1].children.append(_shell(tag.node))
            stack.append(stack[-1].children[-1])
        elif tag is not None and tag.role == CLOSE:
            stack.pop()
        elif tag is not None:
            stack[-1].children.append(_shell(tag.node))
        if text:
            stack[-1].children.append(CueNode(TEXT, text=text))
    return root.children


def _has_empty_span(node: CueNode) -> bool:
    if node.kind in (TEXT, TIMESTAMP):
        return False
    if not plain_text_of(node).strip():
        return True
    return any(map(_has_empty_span, node.children))


def _wrapped(wrappers: tuple[CueNode, ...], inner: list[CueNode]) -> CueNode:
    root = CueNode(ROOT)
    parent = root
    for wrapper in wrappers:
        parent.children.append(_shell(wrapper))
        parent = parent.children[-1]
    parent.children.extend(inner)
    return root


def _break_tree_lines(root: CueNode, rules: CueRules) -> None:
    """Break the tree's text into lines as plain text would be, inside text nodes."""
    visible = plain_text_of(root)
    lines = break_lines(visible, rules).split("\n", 1)
    if len(lines) == 1:
        return
    cut = len(lines[0])
    removed = len(visible) - cut - len(lines[1])
    start = 0
    for node in _text_nodes(root):
        end = start + len(node.text)
        if start <= cut and cut + removed <= end:
            at = cut - start
            node.text = f"{node.text[:at]}\n{node.text[at + removed :]}"
            return
        start = end


def _text_nodes(node: CueNode) -> list[CueNode]:
    if node.kind == TEXT:
        return [node]
    return [found for child in node.children for found in _text_nodes(child)]
