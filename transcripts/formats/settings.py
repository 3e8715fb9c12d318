"""Parse and write WebVTT cue settings (vertical, line, position, size, align)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_PERCENTAGE = re.compile(r"\d+(?:\.\d+)?%", re.ASCII)
_LINE_NUMBER = re.compile(r"-?\d+(?:\.\d+)?", re.ASCII)
# Only ASCII whitespace separates settings; a no-break space does not.
_SEPARATOR = re.compile(r"[\t\n\f\r ]+")
_ALIGNMENTS = ("start", "center", "end", "left", "right")
_LINE_ALIGNMENTS = ("start", "center", "end")
_POSITION_ALIGNMENTS = ("line-left", "center", "line-right")


@dataclass(frozen=True)
class CueSettings:
    """A cue's display settings; ``None`` means the setting's "auto" default."""

    vertical: str = ""
    line: str | None = None
    line_align: str | None = None
    position: str | None = None
    position_align: str | None = None
    size: str = "100%"
    align: str = "center"
    region: str = ""


def parse_cue_settings(text: str) -> CueSettings:
    """Read cue settings as the W3C rules do, ignoring any that are invalid."""
    values: dict[str, str] = {}
    for setting in _SEPARATOR.split(text):
        name, colon, value = setting.partition(":")
        if colon and name and value:
            _apply_setting(values, name, value)
    return CueSettings(**values)


def normalize_cue_settings(text: str) -> str:
    """Return only the valid settings of a settings string, in WebVTT syntax."""
    return format_cue_settings(parse_cue_settings(text))


def format_cue_settings(settings: CueSettings) -> str:
    """Write settings that differ from the defaults as a WebVTT settings string."""
    parts = []
    if settings.region:
        parts.append(f"region:{settings.region}")
    if settings.vertical:
        parts.append(f"vertical:{settings.vertical}")
    if settings.line is not None:
        parts.append(f"line:{_with_align(settings.line, settings.line_align)}")
    if settings.position is not None:
        position = _with_align(settings.position, settings.position_align)
        parts.append(f"position:{position}")
    if settings.size != "100%":
        parts.append(f"size:{settings.size}")
    if settings.align != "center":
        parts.append(f"align:{settings.align}")
    return " ".join(parts)


def _with_align(value: str, align: str | None) -> str:
    return f"{value},{align}" if align else value


def _apply_setting(values: dict[str, str], name: str, value: str) -> None:
    if name == "vertical" and value in ("rl", "lr"):
        values["vertical"] = value
    elif name == "line" and (line := _line_setting(value)):
        values.pop("line_align", None)
        values.update(line)
    elif name == "position" and (position := _position_setting(value)):
        values.pop("position_align", None)
        values.update(position)
    elif name == "size" and _is_percentage(value):
        values["size"] = value
    elif name == "align" and value in _ALIGNMENTS:
        values["align"] = value
    elif name == "region" and "-->" not in value:
        values["region"] = value


def _line_setting(value: str) -> dict[str, str]:
    position, comma, align = value.partition(",")
    if comma and align not in _LINE_ALIGNMENTS:
        return {}
    is_valid = _is_percentage(position) or _LINE_NUMBER.fullmatch(position)
    if not is_valid:
        return {}
    return {"line": position, "line_align": align} if comma else {"line": position}


def _position_setting(value: str) -> dict[str, str]:
    position, comma, align = value.partition(",")
    if comma and align not in _POSITION_ALIGNMENTS:
        return {}
    if not _is_percentage(position):
        return {}
    if comma:
        return {"position": position, "position_align": align}
    return {"position": position}


def _is_percentage(value: str) -> bool:
    return bool(_PERCENTAGE.fullmatch(value)) and float(value[:-1]) <= 100
