"""Recording upload, job status, media and subtitle files."""

import re

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from courses import queries as courses
from courses.models import Lesson
from portal.accounts.access import role_required
from portal.accounts.models import Role
from portal.errors import UserError, wants_json
from transcripts import operations, queries
from transcripts.bidi import rtl_cues
from transcripts.formats import write_srt, write_text, write_webvtt
from transcripts.models import ProcessingJob, Recording, SubtitleTrack
from transcripts.pipeline import recording_path
from translation import languages
from translation.service import SPOKEN_LANGUAGES

blueprint = Blueprint("transcripts", __name__, template_folder="templates")


def _lesson_to_edit(lesson_id: int) -> Lesson:
    lesson = courses.get_or_404(Lesson, lesson_id)
    if not courses.can_edit(current_user, lesson.course):
        abort(403)
    return lesson


def _lesson_to_view(lesson_id: int) -> Lesson:
    lesson = courses.get_or_404(Lesson, lesson_id)
    if not courses.can_view_lessons(current_user, lesson.course):
        abort(403)
    return lesson


@blueprint.route("/lessons/<int:lesson_id>/recording")
@role_required(Role.INSTRUCTOR)
def manage_recording(lesson_id: int):
    lesson = _lesson_to_edit(lesson_id)
    recording = queries.latest_recording(lesson.id)
    return render_template(
        "transcripts/manage.html",
        lesson=lesson,
        recording=recording,
        job=recording.latest_job if recording else None,
        tracks=queries.tracks_of(lesson.id),
        import_languages=sorted(languages.LANGUAGES),
        spoken_languages=SPOKEN_LANGUAGES,
    )


@blueprint.route("/lessons/<int:lesson_id>/recording", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def upload_recording(lesson_id: int):
    lesson = _lesson_to_edit(lesson_id)
    job = operations.accept_upload(lesson, request.files.get("recording"), current_user)
    if wants_json():
        return jsonify(queries.job_status(job)), 202
    flash(_("Upload received. Subtitles are being prepared."), "success")
    return redirect(url_for("transcripts.manage_recording", lesson_id=lesson.id))


def _job_to_edit(job_id: int) -> ProcessingJob:
    job = courses.get_or_404(ProcessingJob, job_id)
    _lesson_to_edit(job.recording.lesson_id)
    return job


@blueprint.route("/jobs/<int:job_id>.json")
@role_required(Role.INSTRUCTOR)
def job_status(job_id: int):
    return jsonify(queries.job_status(_job_to_edit(job_id)))


@blueprint.route("/jobs/<int:job_id>/retry", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def retry_job(job_id: int):
    job = operations.retry_job(_job_to_edit(job_id), current_user)
    flash(_("The job is queued again."), "info")
    return redirect(
        url_for("transcripts.manage_recording", lesson_id=job.recording.lesson_id)
    )


@blueprint.route("/recordings/<int:recording_id>/rerun", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def rerun_recording(recording_id: int):
    recording = courses.get_or_404(Recording, recording_id)
    _lesson_to_edit(recording.lesson_id)
    language = request.form.get("language", "auto")
    job = operations.rerun_recording(
        recording, None if language == "auto" else language, current_user
    )
    flash(_("The recording is queued again; your own edits are kept."), "info")
    return redirect(
        url_for("transcripts.manage_recording", lesson_id=job.recording.lesson_id)
    )


@blueprint.route("/recordings/<int:recording_id>/media")
@login_required
def recording_media(recording_id: int):
    recording = courses.get_or_404(Recording, recording_id)
    _lesson_to_view(recording.lesson_id)
    # conditional=True answers Range requests, so players can seek on slow links.
    path = recording_path(recording)
    if not path.is_file():
        abort(404)
    return send_file(
        path,
        mimetype=recording.content_type,
        conditional=True,
        max_age=3600,
    )


@blueprint.route("/lessons/<int:lesson_id>/tracks", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def import_track(lesson_id: int):
    lesson = _lesson_to_edit(lesson_id)
    language = request.form.get("language", "")
    if language not in languages.LANGUAGES:
        raise UserError(_("Choose the language of the subtitles."))
    track = operations.import_track(
        lesson, request.files.get("subtitles"), language, current_user
    )
    flash(_("Imported %(count)d cues.", count=len(track.cues)), "success")
    return redirect(url_for("transcripts.manage_recording", lesson_id=lesson.id))


EXPORTS = {
    "vtt": (write_webvtt, "text/vtt"),
    "srt": (write_srt, "application/x-subrip"),
    "txt": (write_text, "text/plain"),
}


@blueprint.route("/tracks/<int:track_id>.<any(vtt, srt, txt):extension>")
@login_required
def export_track(track_id: int, extension: str):
    track = courses.get_or_404(SubtitleTrack, track_id)
    lesson = _lesson_to_view(track.lesson_id)
    writer, mimetype = EXPORTS[extension]
    cues = rtl_cues(track.cues) if languages.is_rtl(track.language) else track.cues
    response = Response(writer(cues), mimetype=mimetype)
    response.charset = "utf-8"
    # Corrections must reach trainees at once: revalidate on every load.
    response.headers["Cache-Control"] = "no-cache"
    # From the content: a track id can come back after a delete (SQLite).
    response.add_etag()
    response.make_conditional(request)
    if request.args.get("download"):
        name = re.sub(r'[\\/:*?"<>|\s]+', "-", f"{lesson.title}-{track.language}")
        response.headers.set(
            "Content-Disposition", "attachment", filename=f"{name}.{extension}"
        )
    return response
