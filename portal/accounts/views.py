"""Registration, sign-in and sign-out pages."""

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from portal import UI_LOCALES
from portal.accounts import operations
from portal.accounts.forms import LoginForm, RegisterForm
from portal.errors import UserError

blueprint = Blueprint("accounts", __name__)


def _safe_next(default: str) -> str:
    target = request.values.get("next", "")
    parts = urlsplit(target)
    # Only same-site paths: an open redirect would help phishing. Browsers read
    # a backslash as a slash, so /\evil.example is another host too.
    if (
        target.startswith("/")
        and not parts.netloc
        and not parts.scheme
        and not target.startswith(("//", "/\\"))
    ):
        return target
    return default


@blueprint.route("/register", methods=["GET", "POST"])
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = operations.register_user(
                email=form.email.data,
                name=form.name.data,
                password=form.password.data,
                country=form.country.data,
                profession=form.profession.data,
                facility=form.facility.data,
                # They read the form in this language: keep it for them.
                locale=str(get_locale()),
            )
        except UserError as error:
            form.email.errors.append(error.message)
        else:
            login_user(user)
            flash(_("Welcome, %(name)s.", name=user.name), "success")
            return redirect(url_for("courses.catalog"))
    return render_template("accounts/register.html", form=form)


@blueprint.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = operations.authenticate(form.email.data, form.password.data)
        if user:
            login_user(user)
            return redirect(_safe_next(url_for("courses.catalog")))
        form.password.errors.append(_("The e-mail address or password is wrong."))
    return render_template("accounts/login.html", form=form)


@blueprint.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("accounts.login"))


@blueprint.route("/language", methods=["POST"])
def set_language():
    locale = request.form.get("locale", "")
    if locale not in UI_LOCALES:
        abort(400)
    session["locale"] = locale
    if current_user.is_authenticated:
        operations.set_locale(current_user, locale)
    return redirect(_safe_next(url_for("courses.catalog")))
