"""Changes to accounts."""

import logging

from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from portal.accounts.models import Role, User
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
    db.session.commit()
    log.info("User %s registered as %s", user.email, user.role)
    return user


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
