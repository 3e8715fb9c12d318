"""Changes to accounts."""

import logging

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts.countries import is_country_code
from portal.accounts.models import Role, User
from portal.accounts.professions import PROFESSIONS
from portal.errors import UserError
from portal.extensions import db

log = logging.getLogger(__name__)


def _normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the account with this e-mail address, if any."""
    return db.session.scalar(select(User).where(User.email == _normalise_email(email)))


def register_user(
    *,
    email: str,
    name: str,
    password: str,
    country: str,
    profession: str,
    facility: str | None = None,
    role: Role = Role.TRAINEE,
    locale: str | None = None,
) -> User:
    """Create an account; refuse an e-mail address that is already registered."""
    _check_account(email, name, password, country, profession)
    if find_user_by_email(email):
        raise UserError(_("An account with this e-mail address already exists."))
    user = User(
        email=_normalise_email(email),
        name=name.strip(),
        password_hash=generate_password_hash(password),
        country=country.upper(),
        profession=profession,
        facility=(facility or "").strip() or None,
        role=role,
        locale=locale,
    )
    db.session.add(user)
    try:
        db.session.commit()
    except IntegrityError:
        # Two registrations raced past the check above; the other one won.
        db.session.rollback()
        raise UserError(
            _("An account with this e-mail address already exists.")
        ) from None
    log.info("User %s registered as %s", user.email, user.role)
    return user


def _check_account(email, name, password, country, profession) -> None:
    """Apply the registration form's rules to every way of making an account."""
    try:
        validate_email(email, check_deliverability=False)
    except EmailNotValidError:
        raise UserError(_("%(email)s is not an e-mail address.", email=email)) from None
    if not name.strip() or len(name) > 200:
        raise UserError(_("A name of at most 200 characters is needed."))
    if len(password) < 8:
        raise UserError(_("A password needs at least 8 characters."))
    if not is_country_code(country):
        raise UserError(_("%(code)s is not an ISO 3166 country code.", code=country))
    if profession not in PROFESSIONS:
        raise UserError(_("Choose a profession from the list."))


def authenticate(email: str, password: str) -> User | None:
    """Return the active account these credentials open, or None."""
    user = find_user_by_email(email)
    if user and user.is_active and check_password_hash(user.password_hash, password):
        return user
    return None


def set_role(email: str, role: Role, *, by: str = "cli") -> User:
    """Give an account a new role."""
    user = find_user_by_email(email)
    if user is None:
        raise UserError(_("No account has the e-mail address %(email)s.", email=email))
    user.role = role
    db.session.commit()
    log.info("Role of %s set to %s by %s", user.email, role, by)
    return user


def set_locale(user: User, locale: str) -> None:
    """Remember the interface language the user chose."""
    if user.locale == locale:
        return
    user.locale = locale
    db.session.commit()
    log.info("User %s chose the interface language %s", user.email, locale)
