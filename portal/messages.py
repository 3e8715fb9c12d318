"""Messages for people that are stored now and read later, in the reader's language.

A background worker has no reader: text it translated at once would stay in
the server's language forever. A `Message` keeps the untranslated text and its
arguments instead, goes into the database as JSON, and is translated each time
it is shown. `scripts/catalogs.sh` extracts ``Message("...")`` like ``_()``
and ``plural_message("...", "...", n)`` like ``ngettext()``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext, ngettext

Argument = str | int | float


@dataclass(frozen=True)
class Message:
    """Untranslated message text with its ``%(name)s`` arguments.

    A message that depends on a count also holds its plural text and the count
    that picks the form, as each language has its own rules for it (so neither
    `plural` nor `count` can name an argument).
    """

    text: str
    args: dict[str, Argument] = field(default_factory=dict)
    plural: str = ""
    count: int = 0

    def __init__(
        self, text: str, /, plural: str = "", count: int = 0, **args: Argument
    ) -> None:
        # Frozen: fields are set the way dataclasses set them.
        fields = {"text": text, "args": args, "plural": plural, "count": count}
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def __str__(self) -> str:
        """Return the message in the language of the current request."""
        if self.plural:
            return ngettext(self.text, self.plural, self.count, **self.args)
        # gettext("") would return the catalog's header, not an empty string.
        return gettext(self.text, **self.args) if self.text else ""

    def as_json(self) -> dict:
        """Return the message as a JSON-ready dictionary."""
        stored: dict = {"text": self.text, "args": self.args}
        if self.plural:
            stored |= {"plural": self.plural, "count": self.count}
        return stored

    @classmethod
    def from_json(cls, value: dict | str | None) -> Message:
        """Read a stored message; plain strings from older rows are kept as they are."""
        if not isinstance(value, dict):
            return cls(value or "")
        text, args = str(value.get("text", "")), dict(value.get("args") or {})
        if value.get("plural"):
            return plural_message(text, value["plural"], int(value["count"]), **args)
        return cls(text, **args)


def plural_message(singular: str, plural: str, count: int, **args: Argument) -> Message:
    """Return a message whose form follows a count, as ``ngettext`` chooses it."""
    return Message(singular, plural=plural, count=count, **args)
