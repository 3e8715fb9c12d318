"""Messages for people that are stored now and read later, in the reader's language.

A background worker has no reader: text it translated at once would stay in
the server's language forever. A `Message` keeps the untranslated text and its
arguments instead, goes into the database as JSON, and is translated each time
it is shown. `scripts/catalogs.sh` extracts ``Message("...")`` like ``_()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext

Argument = str | int | float


@dataclass(frozen=True)
class Message:
    """Untranslated message text with its ``%(name)s`` arguments."""

    text: str
    args: dict[str, Argument] = field(default_factory=dict)

    def __init__(self, text: str, **args: Argument) -> None:
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "args", args)

    def __str__(self) -> str:
        """Return the message in the language of the current request."""
        # gettext("") would return the catalog's header, not an empty string.
        return gettext(self.text, **self.args) if self.text else ""

    def as_json(self) -> dict:
        """Return the message as a JSON-ready dictionary."""
        return {"text": self.text, "args": self.args}

    @classmethod
    def from_json(cls, value: dict | str | None) -> Message:
        """Read a stored message; plain strings from older rows are kept as they are."""
        if isinstance(value, dict):
            return cls(str(value.get("text", "")), **dict(value.get("args") or {}))
        return cls(value or "")
