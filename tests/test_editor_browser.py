"""The editor in a real browser: Playwright driving Debian's headless Chromium."""

import shutil
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from courses import operations as courses
from portal.accounts.models import Role
from tests.conftest import PASSWORD

playwright = pytest.importorskip("playwright.sync_api", reason="install the test extra")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--disable-quic",
]  # fmt: skip
SHOTS = Path(__file__).resolve().parents[1] / "instance" / "screenshots"
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
)


@pytest.fixture(scope="module")
def live_server(app):
    """Serve the test app on a free loopback port in a thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def signed_in(browser, base, user):
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/")
    return page


def open_editor(page, base, track):
    page.goto(f"{base}/tracks/{track.id}/edit")
    page.wait_for_selector(".cue-row textarea")
    return page


def texts(page):
    return page.eval_on_selector_all(
        ".cue-row textarea", "els => els.map(e => e.value)"
    )


def save(page, version):
    page.keyboard.press("Control+s")
    page.wait_for_selector(f"#status:has-text('version {version}')")


def test_fix_split_restore_and_the_trainee_sees_it(
    live_server, browser, lesson_with_tracks, make_user
):
    owner, course, lesson, english, _spanish = lesson_with_tracks
    page = open_editor(signed_in(browser, live_server, owner), live_server, english)
    SHOTS.mkdir(parents=True, exist_ok=True)

    badges = page.locator(".cue-row .provenance")
    assert badges.nth(0).inner_text() == "Speech recognition"
    first = page.locator(".cue-row textarea").nth(0)
    first.fill("And so, my fellow Americans,")
    assert badges.nth(0).inner_text() == "Person"
    save(page, 2)
    second = page.locator(".cue-row textarea").nth(1)
    second.click()
    second.evaluate("el => el.setSelectionRange(8, 8)")
    page.keyboard.press("Alt+s")
    assert texts(page)[1:3] == ["ask not", "what your country can do for you,"]
    save(page, 3)
    page.screenshot(path=str(SHOTS / "editor-split.png"), full_page=True)
    page.click("#versions button[data-version='2']")
    page.wait_for_selector("#status:has-text('version 4')")

    assert texts(page) == [
        "And so, my fellow Americans,",
        "ask not what your country can do for you,",
        "ask what you can do for your country.",
    ]
    trainee = make_user(Role.TRAINEE)
    courses.enrol_trainee(trainee, course)
    learner = signed_in(browser, live_server, trainee)
    learner.goto(f"{live_server}/lessons/{lesson.id}")
    transcript = learner.inner_text("ol.cues[lang=en]")
    assert "And so, my fellow Americans," in transcript
    track_text = learner.evaluate(
        "fetch(document.querySelector('track[srclang=en]').src).then(r => r.text())"
    )
    assert "And so, my fellow Americans," in track_text
    learner.screenshot(path=str(SHOTS / "lesson-after-edit.png"), full_page=True)


def test_two_editors_see_a_conflict_and_drafts_survive_reload(
    live_server, browser, lesson_with_tracks
):
    owner, _course, _lesson, english, _spanish = lesson_with_tracks
    one = open_editor(signed_in(browser, live_server, owner), live_server, english)
    two = open_editor(signed_in(browser, live_server, owner), live_server, english)

    one.locator(".cue-row textarea").nth(2).fill("ask what you can give.")
    save(one, 2)
    two.locator(".cue-row textarea").nth(2).fill("ask what you can offer.")
    two.reload()
    two.wait_for_selector("#status:has-text('older version')")
    assert texts(two)[2] == "ask what you can offer."
    two.keyboard.press("Control+s")
    two.wait_for_selector("#conflict:not([hidden])")

    assert "Someone else saved" in two.inner_text("#conflict")
    assert "ask what you can give." in two.inner_text("#comparison")
    two.screenshot(path=str(SHOTS / "editor-conflict.png"), full_page=True)
    two.click("[data-action=overwrite]")
    two.wait_for_selector("#status:has-text('version 3')")


def test_post_editing_shows_terms_and_takes_a_memory_suggestion(
    live_server, browser, lesson_with_tracks
):
    from portal.extensions import db
    from translation.memory import Segment, store_segments
    from translation.operations import add_glossary_term

    owner, course, _lesson, _english, spanish = lesson_with_tracks
    memory = "pregunta qué puedes hacer tú por tu país."
    store_segments(
        [Segment("ask what you can do for your country.", memory)], "en", "es", "test"
    )
    db.session.commit()
    add_glossary_term(course.id, "en", "country", "patria", target="es")
    page = open_editor(signed_in(browser, live_server, owner), live_server, spanish)

    marks = page.locator(".cue-row .source mark")
    row = page.locator(".cue-row").nth(2)
    row.locator(".use-suggestion").click()
    save(page, 2)

    assert marks.first.inner_text().lower() == "country"
    assert texts(page)[2] == memory
    page.screenshot(path=str(SHOTS / "editor-post-editing.png"), full_page=True)


def test_right_to_left_track_is_edited_right_to_left(
    live_server, browser, lesson_with_tracks
):
    from tests.editor_fixtures import Cue
    from transcripts.models import Provenance
    from transcripts.pipeline import store_track

    owner, _course, lesson, english, _spanish = lesson_with_tracks
    arabic = store_track(
        lesson.id, english.recording_id, "ar", Provenance.HUMAN, "import",
        [Cue(0.0, 2.0, "ولذا، يا إخوتي الأمريكيين،")],
    )  # fmt: skip
    page = open_editor(signed_in(browser, live_server, owner), live_server, arabic)

    assert page.get_attribute(".cue-row textarea", "dir") == "rtl"
