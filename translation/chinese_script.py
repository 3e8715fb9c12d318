"""Write Chinese subtitles in the other script: Simplified ↔ Traditional.

This is not translation but conversion, phrase-aware, with OpenCC's
dictionaries; it is still a pair the portal offers (zh → zh-Hant and back), so
it sits behind the same engine interface. A cue's characters map to the
other script one by one almost always, so each cue is converted on its own and
keeps its text exactly where it was.
"""

from transcripts.chinese import SIMPLIFIED, TRADITIONAL, to_script
from translation.engines import PairNotSupported
from translation.languages import normalise

SCRIPTS = {normalise(SIMPLIFIED): SIMPLIFIED, normalise(TRADITIONAL): TRADITIONAL}


class ChineseScriptEngine:
    """Convert between Simplified and Traditional Chinese with OpenCC."""

    name = "opencc"
    # Sentences need no merging: each cue is converted alone (see the module).
    converts_cues_alone = True

    def pairs(self) -> set[tuple[str, str]]:
        """Return both directions between the two scripts."""
        return {(a, b) for a in SCRIPTS for b in SCRIPTS if a != b}

    def translate(self, texts: list[str], source: str, target: str) -> list[str]:
        """Write each text in the target's script."""
        pair = (normalise(source), normalise(target))
        if pair not in self.pairs():
            raise PairNotSupported(*pair, engine=self.name)
        return [to_script(text, SCRIPTS[pair[1]]) for text in texts]
