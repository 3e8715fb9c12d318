"""Cut Chinese (and the Han parts of Japanese) text into words with jieba.

Subtitle cues of a language without spaces are cut between characters, and a
character cut lands inside a word more often than not ("医|生"). jieba knows
Chinese words from the dictionary it ships, so it works offline. It is loaded
once per process, on first use (about a second), with its dictionary cache in
a private temporary folder: jieba's default is a shared file in /tmp.
"""

import atexit
import logging
import shutil
import tempfile
from functools import lru_cache

from translation.languages import normalise

# Japanese has no segmenter here: jieba keeps its kanji compounds whole and
# leaves kana one character a token, which is never worse than characters alone.
_SEGMENTED_LANGUAGES = {"zh", "ja", "yue"}


def has_segmenter(code: str) -> bool:
    """Tell whether the language's text can be cut into words here."""
    return normalise(code).split("-")[0] in _SEGMENTED_LANGUAGES


def words(text: str) -> list[str]:
    """Return the words of a text, in order; together they are the whole text."""
    return _tokenizer().lcut(text)


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)  # it prints its loading steps otherwise
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = _cache_folder()
    tokenizer.initialize()
    return tokenizer


def _cache_folder() -> str:
    # Kept for the life of the process and removed when it exits.
    folder = tempfile.mkdtemp(prefix="jieba-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
