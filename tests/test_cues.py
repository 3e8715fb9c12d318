"""Cue building: line lengths, breaks at clauses, CJK widths."""

from transcripts.cues import CueRules, break_lines, build_cues, display_width
from transcripts.speech import Segment, Word


def _words(text: str, start: float = 0.0, step: float = 0.3) -> list[Word]:
    tokens = text.split(" ")
    return [
        Word(start + i * step, start + (i + 1) * step, f" {token}", 0.9)
        for i, token in enumerate(tokens)
    ]


def test_long_speech_becomes_cues_within_the_rules():
    text = " ".join(["The patient was stable, so we moved on to the next step."] * 6)
    words = _words(text)
    rules = CueRules()

    cues = build_cues([Segment(0, words[-1].end, text, words)], rules)

    assert len(cues) > 3
    for cue in cues:
        lines = cue.text.split("\n")
        assert len(lines) <= rules.max_lines
        assert all(display_width(line) <= rules.max_line_width for line in lines)
        assert cue.end - cue.start <= rules.max_duration
    assert " ".join(c.text.replace("\n", " ") for c in cues) == text


def test_cue_breaks_after_a_sentence():
    words = _words("Wash your hands. Then put on gloves and a gown before you start.")

    cues = build_cues([Segment(0, words[-1].end, "", words)])

    assert cues[0].text == "Wash your hands."


def test_cjk_text_breaks_by_width_without_spaces():
    text = "广州市房地产中介协会分析认为" * 3

    broken = break_lines(text, CueRules())

    assert " " not in broken
    assert all(display_width(line) <= 42 for line in broken.split("\n"))
    assert broken.replace("\n", "") == text


def test_short_cue_is_lengthened_to_the_minimum_without_overlap():
    first = [Word(0.0, 0.3, " Yes.", 0.9)]
    second = [Word(0.6, 1.2, " No.", 0.9)]

    cues = build_cues(
        [Segment(0, 0.3, "Yes.", first), Segment(0.6, 1.2, "No.", second)]
    )

    assert cues[0].end == 0.6
    assert cues[1].end - cues[1].start >= 1.0


def test_word_without_length_still_gives_a_visible_cue():
    words = [Word(2.0, 2.0, " Uh.", 0.5), Word(2.0, 2.4, " Next.", 0.9)]

    cues = build_cues([Segment(2.0, 2.4, "Uh. Next.", words)])

    assert all(cue.end > cue.start for cue in cues)
