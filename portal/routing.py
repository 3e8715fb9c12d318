"""Integers from URLs and query strings, kept to what the database can store.

Flask's ``int`` converter takes any number of digits, and an id past the
database's integer range fails inside the driver (a 500) instead of finding
nothing. Here such an id does not match the route (a 404) and such a query
argument counts as absent.
"""

from flask import Flask, abort, request
from werkzeug.routing import IntegerConverter

# PostgreSQL's INTEGER, the type of every id column; SQLite's is wider.
MAX_ID = 2**31 - 1


class DatabaseIntegerConverter(IntegerConverter):
    """Flask's ``int`` converter, matching only integers an id column can hold."""

    def __init__(self, url_map, fixed_digits=0, min=None, max=MAX_ID, signed=False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def _database_integer(value: str) -> int:
    number = int(value)
    if not -MAX_ID <= number <= MAX_ID:
        raise ValueError(f"{value} is out of range")
    return number


def int_arg(name: str, default: int) -> int:
    """Return a query argument as an integer; `default` if absent or unusable."""
    return request.args.get(name, default, type=_database_integer)


def id_arg(name: str) -> int | None:
    """Return a query argument naming a row's id; None if absent, 404 if no id."""
    if name not in request.args:
        return None
    number = request.args.get(name, type=_database_integer)
    if number is None:
        abort(404)
    return number


def init_app(app: Flask) -> None:
    """Make ``<int:...>`` in every route refuse integers out of the id range."""
    app.url_map.converters["int"] = DatabaseIntegerConverter
