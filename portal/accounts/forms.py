"""Forms for registration and sign-in."""

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional

from portal.accounts.countries import country_names
from portal.accounts.professions import PROFESSIONS


def country_choices() -> list[SelectChoice]:
    """List ISO 3166 countries by their name in the page's language."""
    names = country_names(get_locale())
    countries = [SelectChoice(code, name) for code, name in names.items()]
    return sorted(countries, key=lambda choice: choice.label)


class RegisterForm(FlaskForm):
    name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=200)])
    email = EmailField(
        _l("E-mail"),
        validators=[DataRequired(), Email(check_deliverability=False), Length(max=254)],
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8)])
    confirm = PasswordField(
        _l("Repeat password"),
        validators=[EqualTo("password", message=_l("The passwords differ."))],
    )
    country = SelectField(_l("Country"), validators=[DataRequired()])
    profession = SelectField(
        _l("Profession"),
        choices=[SelectChoice(k, v) for k, v in PROFESSIONS.items()],
        validators=[DataRequired()],
    )
    facility = StringField(
        _l("Facility (hospital, clinic)"), validators=[Optional(), Length(max=200)]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An empty first choice: a silent default would register people in
        # the first country of the alphabet.
        self.country.choices = [SelectChoice("", _l("Choose your country"))]
        self.country.choices += country_choices()


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
