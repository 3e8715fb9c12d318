"""Silk Road Health Academy: the app factory."""

import logging
from pathlib import Path

from flask import Flask, has_request_context, request, session
from flask_babel import format_date, format_decimal, format_percent, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from portal import routing
from portal.config import Settings, load_settings
from portal.extensions import babel, csrf, db, login_manager, migrate
from portal.uploads import UploadRequest

UI_LOCALES = ["en", "zh", "ru", "ar"]
# The BCP-47 tag of each UI locale: `zh` is Simplified Chinese, and saying so in
# <html lang> makes browsers pick Simplified glyph shapes.
UI_LANGUAGE_TAGS = {"en": "en", "zh": "zh-Hans", "ru": "ru", "ar": "ar"}


def _select_locale() -> str:
    if not has_request_context():
        return "en"  # the worker and the CLI write in the default language
    chosen = getattr(current_user, "locale", None) or session.get("locale")
    if chosen in UI_LOCALES:
        return chosen
    return request.accept_languages.best_match(UI_LOCALES) or "en"


def ui_language_tag() -> str:
    """Return the BCP-47 tag of the page's language, for `lang` attributes."""
    return UI_LANGUAGE_TAGS.get(str(get_locale()), str(get_locale()))


def _vary_by_language(response):
    # A shared cache must not hand one reader's language to another.
    response.vary.add("Accept-Language")
    return response


def _register_blueprints(app: Flask) -> None:
    from courses.views import blueprint as courses
    from portal.accounts.views import blueprint as accounts
    from transcripts.editor_views import blueprint as editor
    from transcripts.views import blueprint as transcripts
    from translation.views import blueprint as translation

    app.register_blueprint(accounts)
    app.register_blueprint(courses)
    app.register_blueprint(transcripts)
    app.register_blueprint(editor)
    app.register_blueprint(translation)


def _init_login() -> None:
    from portal.accounts.models import User

    login_manager.login_view = "accounts.login"
    login_manager.login_message_category = "info"
    login_manager.login_message = _l("Please sign in to see this page.")
    # Flask-Login flashes the message; str() renders it in the reader's language.
    login_manager.localize_callback = str

    @login_manager.user_loader
    def load_user(user_id: str):
        return db.session.get(User, int(user_id))


def create_app(settings: Settings | None = None, **flask_overrides) -> Flask:
    """Build the web app from settings (the environment when none are given)."""
    settings = settings or load_settings()
    app = Flask(
        __name__,
        instance_path=str(settings.instance_path),
        static_folder="../static",
    )
    app.request_class = UploadRequest
    app.config.update(settings.flask_config())
    app.config.update(flask_overrides)
    settings.instance_path.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )

    db.init_app(app)
    migrate.init_app(app, db, directory=str(_migrations_dir()), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    _init_login()
    routing.init_app(app)  # before the routes, which bind their converters
    _register_blueprints(app)

    from portal.errors import register_error_handlers
    from portal.jobs import huey
    from translation import service as translation

    register_error_handlers(app)
    translation.init_app(app)
    _register_template_helpers(app)
    app.after_request(_secure_headers)
    app.after_request(_vary_by_language)
    huey.immediate = settings.run_jobs_immediately
    return app


# Scripts, styles and media only from this site; no framing. Inline style
# attributes are allowed because the editor positions timeline blocks with them.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; media-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _secure_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    return response


def _timestamp(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def _isolate(text: str) -> Markup:
    # Names and titles typed by users keep their own direction inside a
    # sentence of the other direction ("المحاضِر: Dr. Amina Yusupova").
    return Markup("<bdi>%s</bdi>") % text


def _register_template_helpers(app: Flask) -> None:
    from portal.errors import format_size
    from translation import languages

    app.jinja_env.globals.update(
        format_size=format_size,
        UI_LOCALES=UI_LOCALES,
        UI_LANGUAGE_TAGS=UI_LANGUAGE_TAGS,
        get_locale=get_locale,
        ui_language_tag=ui_language_tag,
        endonym=languages.endonym,
        is_rtl=languages.is_rtl,
    )
    app.jinja_env.filters.update(
        timestamp=_timestamp,
        bdi=_isolate,
        date=format_date,
        decimal=format_decimal,
        percent=format_percent,
    )


def _migrations_dir() -> Path:
    return Path(__file__).parent / "migrations"
