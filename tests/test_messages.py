"""Messages stored by the worker and translated for each reader."""

from flask_babel import force_locale

from portal.messages import Message, plural_message


def test_a_message_is_translated_when_shown_not_when_made(app):
    message = Message("Your edited %(lang)s track was kept.", lang="Español")
    stored = Message.from_json(message.as_json())

    with app.test_request_context(), force_locale("ru"):
        russian = str(stored)
    with app.test_request_context(), force_locale("en"):
        english = str(stored)

    assert stored == message
    assert english == "Your edited Español track was kept."
    assert russian != english and "Español" in russian


def test_older_plain_notes_and_empty_messages_read_back(app):
    with app.test_request_context(), force_locale("zh"):
        assert str(Message.from_json("Kept as written 100%")) == "Kept as written 100%"
        assert str(Message.from_json(None)) == ""
        assert str(Message("")) == ""


def test_a_count_picks_each_language_s_plural_form(app):
    def shown(total: int, locale: str) -> str:
        message = plural_message(
            "%(n)s of %(total)s cue of the %(dst)s track is not in the translation "
            "memory and stays in %(src)s.",
            "%(n)s of %(total)s cues of the %(dst)s track are not in the translation "
            "memory and stay in %(src)s.",
            total,
            n=1, total=total, dst="中文", src="English",
        )  # fmt: skip
        with app.test_request_context(), force_locale(locale):
            return str(Message.from_json(message.as_json()))

    assert shown(1, "en").startswith("1 of 1 cue of the 中文 track is")
    assert shown(3, "en").startswith("1 of 3 cues of the 中文 track are")
    assert "3 реплик " in shown(3, "ru") and "21 реплики " in shown(21, "ru")
    assert "مقاطع" in shown(3, "ar") and "مقطعًا" in shown(11, "ar")
