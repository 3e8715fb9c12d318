"""Parse WebVTT cue text into a node tree, and turn cue text into other forms.

The tokenizer and tree builder follow the W3C "WebVTT cue text parsing rules":
unknown tags are dropped, ``<rt>`` only counts inside ``<ruby>``, and a
timestamp tag that is not a valid WebVTT timestamp is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Final

from transcripts.formats.charrefs import decode_character_references
from transcripts.formats.timestamps import format_timestamp, parse_webvtt_timestamp

# What a cue's text is written in, so writers know whether to escape it or to
# translate its tags; cues made by speech-to-text or typed by people are plain.
PLAIN: Final = "plain"
WEBVTT: Final = "webvtt"
SRT: Final = "srt"
SYNTAXES: Final = (PLAIN, WEBVTT, SRT)

ROOT: Final = "root"
TEXT: Final = "text"
TIMESTAMP: Final = "timestamp"
# Tags that become elements; any other tag is dropped with its annotation.
ELEMENT_TAGS: Final = frozenset({"c", "i", "b", "u", "ruby", "rt", "v", "lang"})

_WHITESPACE = "\t\n\f "
_TAG_NAME_END = re.compile(r"[\t\n\f .>]")
_CLASS_END = re.compile(r"[\t\n\f >]")
_SRT_TAG = re.compile(r"</?(?:i|b|u|s|font)(?:\s[^>]*)?>", re.IGNORECASE)
_SRT_KEPT_TAG = re.compile(r"<(/?)([ibu])>", re.IGNORECASE)


@dataclass
class CueNode:
    """A node of parsed cue text.

    ``kind`` is ``"root"``, ``"text"`` (``text`` holds decoded characters),
    ``"timestamp"`` (``timestamp`` holds seconds) or a tag name: ``c``, ``i``,
    ``b``, ``u``, ``ruby``, ``rt``, ``v`` (``annotation`` is the voice) or
    ``lang`` (``annotation`` is the language tag). ``classes`` come from
    ``<c.loud.red>``-style tags.
    """

    kind: str
    children: list[CueNode] = field(default_factory=list)
    text: str = ""
    classes: tuple[str, ...] = ()
    annotation: str = ""
    timestamp: float | None = None


@dataclass(frozen=True)
class _Token:
    kind: str  # "text", "start", "end" or "timestamp"
    value: str
    classes: tuple[str, ...] = ()
    annotation: str = ""


def parse_cue_text(text: str) -> CueNode:
    """Return the node tree of WebVTT cue text, as the W3C rules build it."""
    root = CueNode(ROOT)
    stack = [root]
    for token in _tokens(text):
        _add_token(stack, token)
    return root


def _tokens(text: str) -> Iterator[_Token]:
    pos = 0
    while pos < len(text):
        if text[pos] == "<":
            token, pos = _read_tag(text, pos + 1)
        else:
            end = text.find("<", pos)
            end = len(text) if end == -1 else end
            # References cannot span "<", so decoding each run is exact.
            token = _Token(TEXT, decode_character_references(text[pos:end]))
            pos = end
        yield token


def _read_tag(text: str, pos: int) -> tuple[_Token, int]:
    first = text[pos : pos + 1]
    if first == "/":
        value, pos = _until(text, pos + 1, ">")
        return _Token("end", value), pos
    if first.isascii() and first.isdigit():
        value, pos = _until(text, pos, ">")
        return _Token(TIMESTAMP, value), pos
    return _read_start_tag(text, pos)


def _until(text: str, pos: int, stop: str) -> tuple[str, int]:
    """Return the text up to ``stop`` and the position after it (or the end)."""
    end = text.find(stop, pos)
    if end == -1:
        return text[pos:], len(text)
    return text[pos:end], end + 1


def _read_start_tag(text: str, pos: int) -> tuple[_Token, int]:
    name, pos = _read_part(text, pos, _TAG_NAME_END)
    classes: tuple[str, ...] = ()
    if text.startswith(".", pos):
        raw_classes, pos = _read_part(text, pos + 1, _CLASS_END)
        classes = tuple(name for name in raw_classes.split(".") if name)
    annotation = ""
    if pos < len(text) and text[pos] in _WHITESPACE:
        raw, pos = _until(text, pos, ">")
        annotation = decode_character_references(_collapse_whitespace(raw), True)
    elif text.startswith(">", pos):
        pos += 1
    return _Token("start", name, classes, annotation), pos


def _collapse_whitespace(text: str) -> str:
    # ASCII whitespace only: a no-break space in a speaker's name is kept.
    return " ".join(part for part in re.split(r"[\t\n\f\r ]+", text) if part)


def _read_part(text: str, pos: int, stop: re.Pattern[str]) -> tuple[str, int]:
    match = stop.search(text, pos)
    end = len(text) if match is None else match.start()
    return text[pos:end], end


def _add_token(stack: list[CueNode], token: _Token) -> None:
    current = stack[-1]
    if token.kind == TEXT:
        _append_text(current, token.value)
    elif token.kind == TIMESTAMP:
        seconds = parse_webvtt_timestamp(token.value)
        if seconds is not None:
            current.children.append(CueNode(TIMESTAMP, timestamp=seconds))
    elif token.kind == "start":
        _open_element(stack, token)
    else:
        _close_element(stack, token.value)


def _append_text(parent: CueNode, text: str) -> None:
    if not text:
        return
    if parent.children and parent.children[-1].kind == TEXT:
        parent.children[-1].text += text
    else:
        parent.children.append(CueNode(TEXT, text=text))


def _open_element(stack: list[CueNode], token: _Token) -> None:
    if token.value not in ELEMENT_TAGS:
        return
    if token.value == "rt" and stack[-1].kind != "ruby":
        return
    keeps_annotation = token.value in ("v", "lang")
    annotation = token.annotation if keeps_annotation else ""
    node = CueNode(token.value, classes=token.classes, annotation=annotation)
    stack[-1].children.append(node)
    stack.append(node)


def _close_element(stack: list[CueNode], name: str) -> None:
    if len(stack) > 1 and stack[-1].kind == name:
        stack.pop()
    elif name == "ruby" and stack[-1].kind == "rt":
        del stack[-2:]


def plain_text_of(node: CueNode) -> str:
    """Return the readable text under a node, leaving out ruby annotations."""
    if node.kind == TEXT:
        return node.text
    if node.kind in ("rt", TIMESTAMP):
        return ""
    return "".join(plain_text_of(child) for child in node.children)


def to_plain_text(text: str, syntax: str) -> str:
    """Return the readable text of cue text written in the given syntax."""
    if syntax == WEBVTT:
        return plain_text_of(parse_cue_text(text))
    if syntax == SRT:
        return _SRT_TAG.sub("", text)
    return text


def escape_text(text: str) -> str:
    """Escape plain text for WebVTT so it reads back exactly as given."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_webvtt_markup(text: str, syntax: str) -> str:
    """Return cue text in the given syntax as safe, normalised WebVTT cue text."""
    if syntax == WEBVTT:
        return serialize_cue_text(parse_cue_text(text))
    if syntax == SRT:
        return _srt_to_webvtt(text)
    return escape_text(text)


def to_srt_markup(text: str, syntax: str) -> str:
    """Return cue text in the given syntax as SubRip text, keeping i, b and u."""
    if syntax == WEBVTT:
        return _srt_of(parse_cue_text(text))
    return text


def _srt_to_webvtt(text: str) -> str:
    parts = []
    for piece in re.split(f"({_SRT_TAG.pattern})", text, flags=re.IGNORECASE):
        kept = _SRT_KEPT_TAG.fullmatch(piece)
        if kept:
            parts.append(f"<{kept.group(1)}{kept.group(2).lower()}>")
        elif not _SRT_TAG.fullmatch(piece):
            parts.append(escape_text(piece))
    return "".join(parts)


def serialize_cue_text(node: CueNode) -> str:
    """Return a node tree as WebVTT cue text, escaping its text."""
    if node.kind == TEXT:
        return escape_text(node.text)
    if node.kind == TIMESTAMP:
        return f"<{format_timestamp(node.timestamp or 0.0)}>"
    inner = "".join(serialize_cue_text(child) for child in node.children)
    if node.kind == ROOT:
        return inner
    return f"{_start_tag(node)}{inner}</{node.kind}>"


def _start_tag(node: CueNode) -> str:
    # A class ending in "-" would put "-->" before the tag's ">", which ends a
    # cue when the file is read again; such classes are left out.
    classes = "".join(f".{name}" for name in node.classes if not name.endswith("-"))
    annotation = ""
    if node.annotation:
        annotation = " " + _escape_annotation(node.annotation)
    return f"<{node.kind}{classes}{annotation}>"


def _escape_annotation(annotation: str) -> str:
    escaped = escape_text(annotation)
    # A trailing "-" would likewise form "-->" with the closing ">".
    if escaped.endswith("-"):
        escaped = escaped[:-1] + "&#45;"
    return escaped


def _srt_of(node: CueNode) -> str:
    if node.kind == TEXT:
        return node.text
    if node.kind in ("rt", TIMESTAMP):
        return ""
    inner = "".join(_srt_of(child) for child in node.children)
    if node.kind in ("i", "b", "u"):
        return f"<{node.kind}>{inner}</{node.kind}>"
    return inner
