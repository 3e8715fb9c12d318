"""Translated cues are broken into lines for the target: Chinese by width."""

from dataclasses import dataclass

from transcripts.cues import CueRules, display_width
from translation.sentences import translate_cues


@dataclass
class Cue:
    start: float
    end: float
    text: str


class TableEngine:
    """Translate by looking each sentence up in a fixed table."""

    name = "table"

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table

    def pairs(self) -> set[tuple[str, str]]:
        return {("en", "zh"), ("en", "es")}

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        return [self.table[text] for text in texts]


SENTENCE = "The doctor said the patient needs a CT scan and 12.5 mg twice a day."
CHINESE = "医生说，病人需要做一次CT扫描，然后每天两次服用十二点五毫克的药物，饭后服用。"
SPANISH = (
    "El médico dijo que el paciente necesita una tomografía y 12,5 mg dos veces al día."
)


def test_chinese_cue_is_broken_by_width_not_at_spaces():
    engine = TableEngine({SENTENCE: CHINESE})

    [cue] = translate_cues([Cue(0, 4, SENTENCE)], engine, "en", "zh")

    lines = cue.text.split("\n")
    assert len(lines) == 2
    assert "".join(lines) == CHINESE
    assert all(display_width(line) <= CueRules().max_line_width for line in lines)
    assert abs(display_width(lines[0]) - display_width(lines[1])) <= 4
    assert " " not in cue.text


def test_spanish_cue_is_broken_at_a_space():
    engine = TableEngine({SENTENCE: SPANISH})

    [cue] = translate_cues([Cue(0, 4, SENTENCE)], engine, "en", "es")

    first, second = cue.text.split("\n")
    assert f"{first} {second}" == SPANISH
    assert max(len(first), len(second)) <= CueRules().max_line_width
