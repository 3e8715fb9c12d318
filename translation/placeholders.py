"""Placeholders that translation engines carry through untouched.

A placeholder is an unknown all-capitals word with a number (``XQ3X``): rule
based and neural engines alike copy it to the output where it belongs in the
sentence. Each kind of protected content (glossary terms, subtitle markup) has
its own letter, so their placeholders never mix.
"""

import re


def placeholder(letter: str, index: int) -> str:
    """Return the placeholder that stands for the index-th item of a kind."""
    return f"X{letter}{index}X"


def placeholder_pattern(letter: str) -> re.Pattern[str]:
    """Return a pattern for one kind's placeholders, capturing the index."""
    # Engines sometimes lower-case the word or cut it in two at a letter.
    return re.compile(rf"X\s?{letter}\s?(\d+)\s?X", re.IGNORECASE)
