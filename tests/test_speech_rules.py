"""Rules around the recogniser that need no model: loops, doubt, terms, scripts."""

from types import SimpleNamespace

import pytest

from courses import operations as courses
from courses.queries import course_terms
from portal.accounts.models import Role
from transcripts.chinese import to_script
from transcripts.cues import build_cues
from transcripts.longform import SAMPLE_RATE, _cut_point
from transcripts.speech import (
    MAX_HOTWORD_CHARS,
    Segment,
    Word,
    compression_ratio,
    cut_repetitions,
    hotwords,
    is_doubtful,
    loop_free_indices,
    trusted_segment,
)


def words_of(text: str, start: float = 0.0) -> list[Word]:
    return [
        Word(start + i * 0.4, start + i * 0.4 + 0.3, f" {token}", 0.9)
        for i, token in enumerate(text.split())
    ]


def segment(text: str, start: float = 0.0, language: str = "en") -> Segment:
    words = words_of(text, start)
    return Segment(start, words[-1].end, text, words, language)


def test_a_phrase_looping_inside_a_segment_is_cut_to_one():
    looping = segment("we check the airway " + "thank you for watching " * 6)

    [cut] = cut_repetitions([looping])

    assert cut.text == "we check the airway thank you for watching"
    assert cut.end == cut.words[-1].end


def test_a_line_repeated_three_times_or_more_is_kept_once():
    lines = [segment("Wash your hands.", float(t)) for t in range(0, 10, 2)]
    lines.append(segment("Then put on gloves.", 12.0))

    kept = cut_repetitions(lines)

    assert [s.text for s in kept] == ["Wash your hands.", "Then put on gloves."]
    assert kept[0].start == 0.0


@pytest.mark.parametrize(
    "text",
    [
        "Thank you. Thank you.",
        "no, no, no, not the left lung",
        "And so my fellow Americans, ask not what your country can do for you, "
        "ask what you can do for your country.",
    ],
)
def test_ordinary_repetition_in_speech_is_kept(text):
    tokens = text.split()

    assert loop_free_indices(tokens) == list(range(len(tokens)))


def test_two_identical_lines_in_a_row_are_kept():
    lines = [segment("Thank you.", 0.0), segment("Thank you.", 2.0)]

    assert cut_repetitions(lines) == lines


def test_segments_without_word_timings_lose_their_loops_too():
    bare = Segment(0.0, 5.0, "go go go go go to theatre")

    assert cut_repetitions([bare])[0].text == "go to theatre"


def raw(
    no_speech=0.1, logprob=-0.3, probabilities=(0.9, 0.8), text="", ratio=1.0, heat=0.0
):
    """Build what faster-whisper reports about a segment, as plain data."""
    tokens = text.split() or ["x"] * len(probabilities)
    words = [
        SimpleNamespace(start=i, end=i + 0.5, word=f" {token}", probability=p)
        for i, (token, p) in enumerate(zip(tokens, probabilities, strict=False))
    ]
    return SimpleNamespace(
        no_speech_prob=no_speech, avg_logprob=logprob, words=words, start=0.0,
        end=float(len(words)), text=text, compression_ratio=ratio, temperature=heat,
    )  # fmt: skip


def test_a_compressible_segment_keeps_its_speech_once_its_loop_is_cut():
    text = "check the pulse " + "and then and then and then and then " * 3
    looping = raw(text=text, probabilities=[0.9] * 30, ratio=compression_ratio(text))

    assert looping.compression_ratio > 2.4
    assert trusted_segment(looping).text == "check the pulse and then"


def test_a_compressible_segment_without_a_plain_loop_is_dropped():
    # Three phrases in an order without a period (the digits of pi, modulo 3).
    phrases = ["the patient said", "the nurse said", "the doctor said"]
    order = [int(d) % 3 for d in "31415926535897932384626433832795028841971693"]
    text = " ".join(phrases[i] for i in order)
    scrambled = raw(text=text, probabilities=[0.9] * 132, ratio=compression_ratio(text))

    assert trusted_segment(scrambled) is None


@pytest.mark.parametrize(
    ("signals", "doubtful"),
    [
        # The "Oh" the VAD let through on the corpus silence file.
        ({"no_speech": 0.56, "logprob": -1.28, "probabilities": (0.0,)}, True),
        ({"no_speech": 0.7, "logprob": -1.2}, True),
        ({"no_speech": 0.7, "logprob": -0.4}, False),
        ({"probabilities": (0.52, 0.54, 0.29, 0.14, 0.29, 0.46)}, False),
        ({"probabilities": (0.1, 0.2, 0.3)}, True),
        ({"probabilities": ()}, False),
        # "Uh, uh, uh" on silence: every temperature failed, the last one sampled.
        (
            {
                "no_speech": 0.56,
                "logprob": -1.25,
                "probabilities": (0.5,) * 5,
                "heat": 1.0,
            },
            True,
        ),
        ({"logprob": -0.5, "heat": 1.0}, False),
        # Whisper base's rough French-to-English draft ends at the same temperature.
        ({"no_speech": 0.15, "logprob": -1.01, "heat": 1.0}, False),
    ],
)
def test_doubtful_segments_are_told_apart_by_whispers_own_signals(signals, doubtful):
    assert is_doubtful(raw(**signals)) is doubtful


def test_hot_words_are_joined_and_kept_within_the_prompt():
    assert hotwords(("ComfyUI", "amoxicillin")) == "ComfyUI, amoxicillin"
    assert hotwords(()) is None
    many = tuple(f"term{n}" for n in range(500))
    assert len(hotwords(many)) <= MAX_HOTWORD_CHARS


def test_course_terms_come_one_per_line_without_blanks_or_repeats(app, make_user):
    owner = make_user(Role.INSTRUCTOR)
    course = courses.create_course(
        owner,
        title="Anaesthesia",
        spoken_language="en",
        target_languages=[],
        recognition_terms="propofol\n\n  laryngeal   mask \npropofol\r\nComfyUI\n",
    )

    assert course_terms(course) == ["propofol", "laryngeal mask", "ComfyUI"]


def test_chinese_is_written_in_either_script():
    traditional = "廣州市房地產中介協會分析"

    assert to_script(traditional, "zh-Hans") == "广州市房地产中介协会分析"
    assert to_script("广州市房地产中介协会分析", "zh-Hant") == traditional
    with pytest.raises(ValueError):
        to_script(traditional, "zh-Latn")


def test_cues_carry_the_language_of_their_segment():
    cues = build_cues([segment("hello there", 0.0), segment("привет мир", 3.0, "ru")])

    assert [cue.language for cue in cues] == ["en", "ru"]


def test_a_chunk_is_cut_in_the_last_pause_of_its_second_half():
    second = SAMPLE_RATE
    regions = [
        {"start": 0, "end": 20 * second},
        {"start": 30 * second, "end": 70 * second},
        {"start": 74 * second, "end": 100 * second},
    ]

    assert _cut_point(regions, 100 * second) == 72 * second
    # Silence at the end of the window is the latest pause of all.
    assert _cut_point(regions[:2], 100 * second) == 85 * second
    # No pause in the second half: cut after the last speech, before the end.
    assert _cut_point(regions[:1], 100 * second) == 60 * second
    # Speech runs to the end: the pause in the first half beats cutting a word.
    late_talk = [regions[0], {"start": 30 * second, "end": 100 * second}]
    assert _cut_point(late_talk, 100 * second) == 25 * second
    assert _cut_point([], 100 * second) == 100 * second
    # Speech from start to end and no pause: a hard cut is all that is left.
    assert _cut_point([{"start": 0, "end": 100 * second}], 100 * second) == (
        100 * second
    )
