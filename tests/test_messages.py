"""Messages stored by the worker and translated for each reader."""

from flask_babel import force_locale

from portal.messages import Message


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
