"""User accounts and their roles."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.timeutil import utcnow


class Role(enum.StrEnum):
    TRAINEE = "trainee"
    INSTRUCTOR = "instructor"
    MANAGER = "manager"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        """Return the role's name in the page's language."""
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.TRAINEE: _l("Trainee"),
    Role.INSTRUCTOR: _l("Instructor"),
    Role.MANAGER: _l("Programme manager"),
    Role.ADMIN: _l("Administrator"),
}


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(256))
    country: Mapped[str] = mapped_column(String(2))
    profession: Mapped[str] = mapped_column(String(40))
    facility: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(
        db.Enum(
            Role,
            native_enum=False,
            length=20,
            values_callable=lambda e: [m.value for m in e],
        ),
        default=Role.TRAINEE,
    )
    is_active_account: Mapped[bool] = mapped_column(default=True)
    # The UI locale the user chose (one of portal.UI_LOCALES); None follows
    # the browser.
    locale: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def is_active(self) -> bool:
        return self.is_active_account

    def has_role(self, *roles: Role) -> bool:
        """Tell whether the user holds one of these roles; admins hold them all."""
        return self.role == Role.ADMIN or self.role in roles

    def __repr__(self) -> str:
        return f"<User {self.id} {self.email} {self.role}>"
