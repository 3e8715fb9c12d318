"""Forms for courses, modules and lessons."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    widgets,
)
from wtforms.validators import DataRequired, Length

from translation import languages, service


class CheckboxesField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def _language_choice(code: str) -> SelectChoice:
    return SelectChoice(code, f"{languages.endonym(code)} ({code})")


class SpeechSettingsForm(FlaskForm):
    recognition_terms = TextAreaField(
        _l("Words the speech recogniser should know (one per line)"),
        description=_l("Drug names, procedures, devices, anatomy: as they are spelt."),
        validators=[Length(max=10_000)],
    )
    chinese_script = SelectField(
        _l("Chinese subtitles in"),
        choices=[
            SelectChoice("zh-Hans", _l("Simplified characters")),
            SelectChoice("zh-Hant", _l("Traditional characters")),
        ],
    )
    has_speech_translation = BooleanField(
        _l(
            "Also make an English track with Whisper's own speech translation "
            "(a rough draft with the bundled model)"
        )
    )


class CourseForm(SpeechSettingsForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Description"), validators=[Length(max=5000)])
    spoken_language = SelectField(_l("Language spoken in the lectures"))
    target_languages = CheckboxesField(_l("Subtitle languages"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        spoken = [SelectChoice("auto", _l("Detect from the recording"))]
        spoken += [_language_choice(code) for code in service.SPOKEN_LANGUAGES]
        self.spoken_language.choices = spoken
        targets = service.reachable_targets()
        self.target_languages.choices = [_language_choice(code) for code in targets]
        if not self.is_submitted():
            # By default every language the installed engines reach.
            self.target_languages.data = targets


class TitleForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
