"""The web-platform-tests WebVTT cue-text parsing cases (tags, entities, timestamps).

Each ``cue-text-*.json`` in corpus/subtitles/webvtt_wpt lists ``text`` and the
``expectedTree`` a browser builds from it (WPT webvtt/parsing/cue-text-parsing,
via w3c/webvtt.js at 986949ec; W3C test suite licence, see corpus/LICENSES).
The tree is printed here the way those files print it: the DOM that
``getCueAsHTML()`` returns, ``c``/``v``/``lang`` as ``span`` elements.
"""

import json

import pytest

from tests.conftest import CORPUS as CORPUS_ROOT
from transcripts.formats import CueNode, parse_cue_text, read_webvtt
from transcripts.formats.timestamps import format_timestamp

WPT = CORPUS_ROOT
WPT = WPT / "subtitles" / "webvtt_wpt"
pytestmark = pytest.mark.skipif(not WPT.is_dir(), reason=f"no corpus at {WPT}")
SUITES = ("cue-text-tags", "cue-text-entities", "cue-text-timestamps")
HTML_NAMES = {"c": "span", "v": "span", "lang": "span"}


def load_cases() -> list:
    if not WPT.is_dir():
        return []
    cases = []
    for suite in SUITES:
        entries = json.loads((WPT / f"{suite}.json").read_text(encoding="utf-8"))
        for index, entry in enumerate(entries):
            case_id = f"{suite}-{index}"
            cases.append(pytest.param(suite, index, entry, id=case_id))
    return cases


def dump(node: CueNode, depth: int = 0) -> str:
    """Print a tree as the WPT expectedTree strings do."""
    return "".join(_dump_node(child, depth) for child in node.children)


def _dump_node(node: CueNode, depth: int) -> str:
    indent = "| " + "  " * depth
    if node.kind == "text":
        return f'{indent}"{node.text}"\n'
    if node.kind == "timestamp":
        return f"{indent}<?timestamp {format_timestamp(node.timestamp)}>\n"
    lines = f"{indent}<{HTML_NAMES.get(node.kind, node.kind)}>\n"
    for name, value in sorted(_attributes(node).items()):
        lines += f'{indent}  {name}="{value}"\n'
    return lines + dump(node, depth + 1)


def _attributes(node: CueNode) -> dict[str, str]:
    attributes = {}
    if node.classes:
        attributes["class"] = " ".join(node.classes)
    if node.kind == "v":
        attributes["title"] = node.annotation
    if node.kind == "lang":
        attributes["lang"] = node.annotation
    return attributes


@pytest.mark.parametrize(("suite", "index", "entry"), load_cases())
def test_cue_text_tree(suite: str, index: int, entry: dict) -> None:
    # The JSON text ends with the line end that closed it in the source file.
    text = entry["text"].removesuffix("\n")
    assert dump(parse_cue_text(text)) == entry["expectedTree"]


@pytest.mark.parametrize(("suite", "index", "entry"), load_cases())
def test_cue_text_tree_from_file(suite: str, index: int, entry: dict) -> None:
    # The .vtt holds the same cases, cue i starting at i seconds; a blank line
    # in a case's text ends its cue early there, which changes no tree.
    cues = read_webvtt((WPT / f"{suite}.vtt").read_bytes().decode("utf-8"))
    cue = cues[index]
    assert cue.start == index
    assert dump(parse_cue_text(cue.text)) == entry["expectedTree"]


@pytest.mark.parametrize("suite", SUITES)
def test_file_holds_one_cue_per_case(suite: str) -> None:
    entries = json.loads((WPT / f"{suite}.json").read_text(encoding="utf-8"))
    cues = read_webvtt((WPT / f"{suite}.vtt").read_bytes().decode("utf-8"))
    assert len(cues) == len(entries)
