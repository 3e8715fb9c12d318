"""Decorators that guard views by sign-in and role."""

from functools import wraps

from flask import abort
from flask_login import current_user

from portal.accounts.models import Role
from portal.extensions import login_manager


def role_required(*roles: Role):
    """Send strangers to sign in and answer 403 to users without one of `roles`."""

    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(*roles):
                abort(403)
            return view(*args, **kwargs)

        return guarded

    return decorate
