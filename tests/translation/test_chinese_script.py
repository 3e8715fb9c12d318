"""Simplified ↔ Traditional Chinese tracks, converted with OpenCC cue by cue."""

from dataclasses import dataclass

import pytest

from transcripts.pipeline import _has_track
from translation import service
from translation.chinese_script import ChineseScriptEngine
from translation.sentences import MACHINE_TRANSLATION, translate_cues


@dataclass
class Cue:
    start: float
    end: float
    text: str


def test_the_portal_offers_both_directions_through_opencc(app):
    with app.app_context():
        assert service.engine_for("zh", "zh-Hant").name == "opencc"
        assert service.engine_for("zh-TW", "zh-CN").name == "opencc"
        assert "zh-Hant" in service.reachable_targets()
        assert "zh-Hant" in service.reachable_targets("zh")
        assert "zh-Hant" not in service.reachable_targets("en")


def test_each_cue_keeps_its_own_text_in_the_other_script():
    # One sentence over three cues: merged and spread, the cuts could move.
    cues = [
        Cue(0.0, 1.0, "请医生检查"),
        Cue(1.0, 2.0, "你的头发和"),
        Cue(2.0, 3.0, "后面的钟表。"),
    ]

    result = translate_cues(cues, ChineseScriptEngine(), "zh", "zh-Hant")

    assert [cue.text for cue in result] == ["請醫生檢查", "你的頭髮和", "後面的鐘表。"]
    assert {cue.provenance for cue in result} == {MACHINE_TRANSLATION}
    assert [(cue.start, cue.end) for cue in result] == [(0, 1), (1, 2), (2, 3)]


def test_traditional_comes_back_to_simplified():
    [cue] = translate_cues(
        [Cue(0, 1, "醫生檢查頭髮。")], ChineseScriptEngine(), "zh-Hant", "zh"
    )

    assert cue.text == "医生检查头发。"


@pytest.mark.parametrize(
    ("target", "done", "covered"),
    [
        ("zh-Hant", {"zh"}, False),  # Simplified speech still needs Traditional
        ("zh", {"zh-Hant"}, False),
        ("zh", {"zh", "en"}, True),
        ("en", {"en"}, True),
        ("sr-Latn", {"sr"}, True),  # a variant of a language with a track
        ("es", {"en"}, False),
    ],
)
def test_which_targets_still_need_a_track(target, done, covered):
    assert _has_track(target, done) is covered
