"""Exceptions of the portal and the handlers that turn them into pages."""

import logging

from flask import Flask, jsonify, render_template, request
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from portal.extensions import db
from portal.messages import Message

log = logging.getLogger(__name__)

# Werkzeug names HTTP errors in English only; these are the ones people meet.
HTTP_ERROR_MESSAGES = {
    400: _l("The request could not be understood."),
    403: _l("You do not have permission to open this page."),
    404: _l("This page does not exist."),
    405: _l("This action is not allowed here."),
    413: _l("The file is too large."),
    500: _l("Something went wrong on our side. Please try again."),
}


class UserError(Exception):
    """A mistake the user can fix; shown as a clear message, never logged as a bug."""

    status_code = 400

    def __init__(self, message: "str | Message"):
        super().__init__(str(message))
        self.message = str(message)
        # What a worker stores, to be translated again for each reader.
        self.stored = message if isinstance(message, Message) else Message(message)


class NotAllowed(UserError):
    """The signed-in user lacks the right to do this."""

    status_code = 403


class MediaRejected(UserError):
    """An upload that is not usable media (no audio, not media, unreadable)."""

    status_code = 422


def format_size(size: int) -> str:
    """Write a byte count for people: 4 GiB, 250 MB."""
    if size >= 1024**3:
        return f"{format_decimal(size / 1024**3, '#,##0.#')} GiB"
    return f"{format_decimal(size / 1024**2, '#,##0.#')} MB"


def wants_json() -> bool:
    """Tell whether the client asked for JSON rather than a page."""
    # HTML first: a client that accepts anything (*/*) gets the page.
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return (
        best == "application/json" or request.is_json or request.path.endswith(".json")
    )


def _answer(status: int, message: str):
    if wants_json():
        return jsonify(error=message), status
    return render_template("error.html", status=status, message=message), status


def register_error_handlers(app: Flask) -> None:
    """Answer user mistakes, HTTP errors and bugs with a translated page or JSON."""

    @app.errorhandler(UserError)
    def user_error(error: UserError):
        db.session.rollback()
        return _answer(error.status_code, error.message)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        limit = format_size(app.config["MAX_CONTENT_LENGTH"])
        message = _("The file is larger than the limit of %(limit)s.", limit=limit)
        return _answer(413, message)

    @app.errorhandler(CSRFError)
    def expired_form(error):
        message = _(
            "This form has expired or came from another site. "
            "Reload the page and try again; nothing was changed."
        )
        return _answer(400, message)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        status = error.code or 500
        return _answer(status, str(HTTP_ERROR_MESSAGES.get(status, error.name)))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        db.session.rollback()
        log.exception("Unexpected error on %s %s", request.method, request.path)
        return _answer(500, _("Something went wrong on our side. Please try again."))
