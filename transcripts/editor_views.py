"""The subtitle editor's page and JSON endpoints, and trainees' flags."""

from flask import Blueprint, abort, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from courses import queries as courses
from courses.models import Lesson
from portal.accounts.access import role_required
from portal.accounts.models import Role
from portal.errors import UserError
from transcripts import editing, queries
from transcripts.models import CueFlag, SubtitleTrack
from translation import languages

blueprint = Blueprint("editor", __name__, template_folder="templates")


def _track(track_id: int, *, edit: bool) -> SubtitleTrack:
    track = courses.get_or_404(SubtitleTrack, track_id)
    course = courses.get_or_404(Lesson, track.lesson_id).course
    allowed = courses.can_edit if edit else courses.can_view_lessons
    if not allowed(current_user, course):
        abort(403)
    return track


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise UserError(_("The editor sent an unreadable request."))
    return body


def _base_version(body: dict) -> int:
    version = body.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise UserError(_("The editor sent an unreadable request."))
    return version


@blueprint.route("/tracks/<int:track_id>/edit")
@role_required(Role.INSTRUCTOR)
def edit_track(track_id: int):
    track = _track(track_id, edit=True)
    lesson = courses.get_or_404(Lesson, track.lesson_id)
    return render_template(
        "transcripts/editor.html",
        track=track,
        lesson=lesson,
        recording=queries.latest_recording(lesson.id),
        track_is_rtl=languages.is_rtl(track.language),
    )


@blueprint.route("/tracks/<int:track_id>/cues.json")
@role_required(Role.INSTRUCTOR)
def track_state(track_id: int):
    return jsonify(queries.editor_state(_track(track_id, edit=True)))


@blueprint.route("/tracks/<int:track_id>/cues.json", methods=["PUT"])
@role_required(Role.INSTRUCTOR)
def save_track(track_id: int):
    track = _track(track_id, edit=True)
    body = _body()
    cues = editing.parse_cues(body.get("cues"))
    return _answer_edit(
        track_id,
        lambda: editing.save_cues(track, _base_version(body), cues, current_user),
    )


def _answer_edit(track_id: int, change):
    """Run an edit; answer the new state, or the current one with a conflict."""
    try:
        track = change()
    except editing.EditConflict as conflict:
        state = queries.editor_state(_track(track_id, edit=True))
        return jsonify(error=conflict.message, current=state), 409
    return jsonify(queries.editor_state(track))


@blueprint.route("/tracks/<int:track_id>/versions.json")
@role_required(Role.INSTRUCTOR)
def track_versions(track_id: int):
    return jsonify(versions=queries.versions_of(_track(track_id, edit=True)))


@blueprint.route("/tracks/<int:track_id>/versions/<int:number>.json")
@role_required(Role.INSTRUCTOR)
def track_version(track_id: int, number: int):
    cues = queries.version_cues(_track(track_id, edit=True), number)
    if cues is None:
        abort(404)
    return jsonify(number=number, cues=cues)


@blueprint.route(
    "/tracks/<int:track_id>/versions/<int:number>/restore", methods=["POST"]
)
@role_required(Role.INSTRUCTOR)
def restore_version(track_id: int, number: int):
    track = _track(track_id, edit=True)
    base = _base_version(_body())
    return _answer_edit(
        track_id, lambda: editing.restore_version(track, number, base, current_user)
    )


@blueprint.route("/tracks/<int:track_id>/retranslate", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def retranslate(track_id: int):
    track = _track(track_id, edit=True)
    body = _body()
    uids = body.get("uids")
    if not isinstance(uids, list):
        raise UserError(_("The editor sent an unreadable request."))
    chosen = {uid for uid in uids if isinstance(uid, str)}
    base = _base_version(body)
    return _answer_edit(
        track_id, lambda: editing.retranslate(track, chosen, base, current_user)
    )


@blueprint.route("/tracks/<int:track_id>/flags", methods=["POST"])
@login_required
def flag_cue(track_id: int):
    track = _track(track_id, edit=False)
    body = _body()
    flag = editing.flag_cue(
        track, str(body.get("cue_uid", "")), str(body.get("comment", "")), current_user
    )
    return jsonify(
        id=flag.id, message=_("Thank you. The instructor will see your note.")
    ), 201


@blueprint.route("/flags/<int:flag_id>/resolve", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def resolve_flag(flag_id: int):
    flag = courses.get_or_404(CueFlag, flag_id)
    _track(flag.track_id, edit=True)
    editing.resolve_flag(flag, current_user)
    return jsonify(id=flag.id, resolved=True)
