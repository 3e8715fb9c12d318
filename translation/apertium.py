"""Translate with Apertium, the rule-based engine Debian packages per language pair.

Pairs come from `apertium -l`, which lists the mode files the language packages
install in /usr/share/apertium/modes. A mode is named `src-tgt` or
`src-tgt_VARIANT` with ISO 639-1 or 639-3 codes, mapped to BCP-47 like this:

- `eng` -> `en`, `spa` -> `es` and so on, through `translation.languages`;
- a two-letter variant is a region: `spa-eng_US` gives `es` -> `en-US`, while
  plain `spa-eng` (British spelling) gives `es` -> `en`; a longer one is a
  BCP-47 variant (`spa-cat_valencia` -> `ca-valencia`), anything else is skipped;
- Apertium's `hbs` is the Serbo-Croatian macrolanguage, `sh`. Its analyser reads
  Serbian, Croatian and Bosnian alike, so `hbs-eng` is also offered as `sr`, `hr`
  and `bs` -> `en`, with Serbian Cyrillic transliterated to Latin first because
  the analyser knows Latin spelling only. The `eng-hbs_SR/_HR/_BS` modes would
  give `en` -> `sr`/`hr`/`bs`, but they are skipped by default (BROKEN_MODES).

A whole batch goes through one `apertium` process in null-flush mode (`-z`):
each text ends with a NUL, every program in the pipeline flushes and resets at
a NUL, so a text can never leak into its neighbour and the outputs split back
one to one. The text is handed over already in Apertium's stream format
(`-f none`), because the txt deformatter silently drops the NULs.

NOTE: the NUL keeps texts apart but does not make them independent. The HMM
tagger (used by eng-spa) learns each ambiguity class it meets that its model
lacks ("included": adj/adv/past/participle) and keeps it for the rest of the
process, so a later text may tag a word differently than it would alone (2 of
the 201 TICO-19 medical sentences did). The outputs still map one to one; only
a word choice can change. One process per text would cost 40-90x the time.
"""

import logging
import os
import re
import signal
import subprocess
from pathlib import Path

from translation.engines import (
    EngineUnavailable,
    Pair,
    PairNotSupported,
    TranslationError,
)
from translation.languages import normalise

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 120.0

# NOTE: Debian's apertium-hbs-eng 0.5.1 leaves nearly every English word
# ungenerated in these directions ("The doctor sees the patient." comes out as
# "The lekar vidjeti the pacijent."): worse than no subtitle. Remove an entry
# once a newer package translates that sentence into real Serbo-Croatian.
BROKEN_MODES = frozenset({"eng-hbs", "eng-hbs_SR", "eng-hbs_HR", "eng-hbs_BS"})

_MODE_NAME = re.compile(r"^([a-z]{2,3})-([a-z]{2,3})(?:_([A-Za-z0-9]+))?$")
_HBS_STANDARDS = ("sr", "hr", "bs")
_HBS_VARIANTS = {"SR": "sr", "HR": "hr", "BS": "bs"}

# Characters Apertium's stream format reserves, escaped with a backslash.
_STREAM_SPECIAL = re.compile(r"[\\^$/@<>\[\]{}]|~|\s*\n\s*|\x00")
_STREAM_TOKEN = re.compile(r"\\(.)|\[((?:\\.|[^\]\\])*)\]", re.DOTALL)
# Destxt ends each paragraph with this: it closes the last sentence for the
# tagger and transfer, and without it the final word of a text is mistranslated.
_END_MARK = ".[]"
_SPACE_RUN = re.compile(r" {2,}")

_SERBIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ђ": "đ", "е": "e", "ж": "ž",
    "з": "z", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ћ": "ć", "у": "u",
    "ф": "f", "х": "h", "ц": "c", "ч": "č", "џ": "dž", "ш": "š",
}  # fmt: skip
_CYRILLIC_TO_LATIN = str.maketrans(
    {
        **_SERBIAN_LATIN,
        **{cyr.upper(): lat.capitalize() for cyr, lat in _SERBIAN_LATIN.items()},
    }
)


def _variant_tag(target: str, variant: str) -> str | None:
    if target == "sh" and variant.upper() in _HBS_VARIANTS:
        return _HBS_VARIANTS[variant.upper()]
    if len(variant) == 2 and variant.isalpha():
        return f"{target}-{variant.upper()}"
    if 5 <= len(variant) <= 8:
        return f"{target}-{variant.lower()}"
    return None


def pairs_of_mode(mode: str) -> set[Pair]:
    """Return the BCP-47 pairs an Apertium mode name translates, if any."""
    match = _MODE_NAME.match(mode)
    if match is None:
        return set()
    source, target = normalise(match[1]), normalise(match[2])
    if match[3]:
        target = _variant_tag(target, match[3])
        if target is None:
            return set()
    sources = {source, *_HBS_STANDARDS} if source == "sh" else {source}
    return {(each, target) for each in sources}


def to_stream(text: str) -> str:
    """Write plain text in Apertium's stream format, closed by the end mark."""

    def escape(match: re.Match[str]) -> str:
        found = match[0]
        if found == "\x00":
            return ""
        # Newlines and tildes travel as superblanks, as the txt deformatter does.
        if found == "~" or "\n" in found:
            return f"[{found}]"
        return "\\" + found

    return _STREAM_SPECIAL.sub(escape, text) + _END_MARK


def from_stream(stream: str) -> str:
    """Turn one translated text in stream format back into plain text."""
    body = stream.rstrip()
    for mark in (_END_MARK, "[]"):
        if body.endswith(mark):
            body = body[: -len(mark)]
            break
    body += stream[len(stream.rstrip()) :]

    def unescape(match: re.Match[str]) -> str:
        if match[1] is not None:
            return match[1]
        return _STREAM_TOKEN.sub(unescape, match[2])

    return _STREAM_TOKEN.sub(unescape, body)


def _tidy(translation: str, original: str) -> str:
    # A dropped pronoun ("She said" -> "Dijo") leaves its blank behind.
    core = _SPACE_RUN.sub(" ", translation).strip(" ")
    leading = original[: len(original) - len(original.lstrip())]
    trailing = original[len(original.rstrip()) :]
    return leading + core.strip() + trailing


class ApertiumEngine:
    """Run Debian's `apertium` program, one process per batch of texts."""

    name = "apertium"

    def __init__(
        self,
        binary: str = "apertium",
        data_dir: Path | None = None,
        timeout_s: float = DEFAULT_TIMEOUT_S,
        skipped_modes: frozenset[str] = BROKEN_MODES,
        mark_unknown: bool = False,
    ) -> None:
        self.binary = binary
        self.data_dir = data_dir
        self.timeout_s = timeout_s
        self.skipped_modes = skipped_modes
        self.mark_unknown = mark_unknown
        self._modes: dict[Pair, str] | None = None

    def _base_args(self) -> list[str]:
        args = [self.binary]
        if self.data_dir is not None:
            args += ["-d", str(self.data_dir)]
        return args

    def modes(self) -> dict[Pair, str]:
        """Map each BCP-47 pair to the Apertium mode that translates it."""
        if self._modes is None:
            listing, _ = self._run([*self._base_args(), "-l"], "")
            self._modes = {}
            for mode in sorted(line.strip() for line in listing.splitlines()):
                if mode in self.skipped_modes:
                    logger.debug("Skipping Apertium mode %s, known broken", mode)
                    continue
                for pair in pairs_of_mode(mode):
                    self._modes.setdefault(pair, mode)
        return dict(self._modes)

    def pairs(self) -> set[Pair]:
        """Return the (source, target) BCP-47 pairs the installed packages cover."""
        return set(self.modes())

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Translate each text in one apertium run, one output per input."""
        pair = (normalise(source), normalise(target))
        mode = self.modes().get(pair)
        if mode is None:
            raise PairNotSupported(*pair, engine=self.name)
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        if not wanted:
            return list(texts)

        if mode.startswith("hbs-"):
            sent = [texts[i].translate(_CYRILLIC_TO_LATIN) for i in wanted]
        else:
            sent = [texts[i] for i in wanted]
        translated = self._translate_batch(sent, mode)

        result = list(texts)
        for index, text in zip(wanted, translated, strict=True):
            result[index] = _tidy(text, texts[index])
        return result

    def _translate_batch(self, texts: list[str], mode: str) -> list[str]:
        stream = "".join(to_stream(text) + "\x00" for text in texts)
        # -u drops the '*', '@' and '#' marks on unknown words: trainees read
        # these subtitles, and an untranslated drug name reads better bare.
        unknown = [] if self.mark_unknown else ["-u"]
        args = [*self._base_args(), "-f", "none", "-z", *unknown, mode]
        output, errors = self._run(args, stream)

        # The script exits 0 even when a program in its pipeline failed, so a
        # missing NUL is how a broken pair shows. Each program adds one NUL of
        # its own at the very end.
        pieces = output.split("\x00")
        if len(pieces) <= len(texts) or any(p.strip() for p in pieces[len(texts) :]):
            raise TranslationError(
                f"apertium {mode} answered {len(pieces) - 1} of {len(texts)} texts: "
                f"{errors or 'no message'}"
            )
        if errors:
            logger.warning("Apertium %s complained: %s", mode, errors)
        return [from_stream(piece) for piece in pieces[: len(texts)]]

    def _run(self, args: list[str], stdin: str) -> tuple[str, str]:
        """Run apertium and return its output and its error text."""
        try:
            # A session of its own, so a timeout can stop the whole pipeline.
            process = subprocess.Popen(
                args,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except OSError as error:
            raise EngineUnavailable(f"cannot run {args[0]}: {error}") from error
        try:
            stdout, stderr = process.communicate(stdin.encode(), timeout=self.timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise TranslationError(
                f"apertium gave no answer within {self.timeout_s} s"
            ) from None

        errors = stderr.decode(errors="replace").strip()
        if process.returncode != 0:
            # The script writes some of its errors to stdout.
            message = errors or stdout.decode(errors="replace").strip()
            raise TranslationError(
                f"apertium exited with {process.returncode}: {message}"
            )
        try:
            return stdout.decode(), errors
        except UnicodeDecodeError as error:
            raise TranslationError(f"apertium wrote invalid UTF-8: {error}") from error
