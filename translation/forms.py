"""Forms of the translation admin pages and the course glossary page."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import DataRequired, Length, Optional

from translation.glossary import MAX_TERM_LENGTH


class PackUploadForm(FlaskForm):
    pack = FileField(_l("Language pack (.argosmodel)"), validators=[FileRequired()])


class MemoryImportForm(FlaskForm):
    tmx = FileField(_l("Translation memory (TMX)"), validators=[FileRequired()])
    source = StringField(
        _l("Source language"), default="en", validators=[DataRequired(), Length(max=16)]
    )
    target = StringField(
        _l("Target language"), validators=[DataRequired(), Length(max=16)]
    )


class PreferenceForm(FlaskForm):
    source = HiddenField(validators=[DataRequired()])
    target = HiddenField(validators=[DataRequired()])
    engine = SelectField(_l("Engine"), validate_choice=False)


class TermForm(FlaskForm):
    term = StringField(
        _l("Term"), validators=[DataRequired(), Length(max=MAX_TERM_LENGTH)]
    )
    translation = StringField(
        _l("Required translation"),
        validators=[Optional(), Length(max=MAX_TERM_LENGTH)],
    )
    target = StringField(
        _l("Target language"),
        validators=[Optional(), Length(max=16)],
    )


class GlossaryImportForm(FlaskForm):
    terms = FileField(_l("Terms file (CSV or TSV)"), validators=[FileRequired()])
    target = StringField(
        _l("Target language"),
        validators=[Optional(), Length(max=16)],
    )


class DeleteForm(FlaskForm):
    """A form with nothing but its CSRF token."""
