"""Pages of the course catalog, course outline and lesson player."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from courses import operations, queries
from courses.forms import CourseForm, SpeechSettingsForm, TitleForm
from courses.models import Course, Lesson, Module
from portal.accounts.access import role_required
from portal.accounts.models import Role
from transcripts import queries as transcripts

blueprint = Blueprint("courses", __name__, template_folder="templates")


def _editable(model, object_id: int):
    """Return a course part the current user may edit, or answer 403/404."""
    item = queries.get_or_404(model, object_id)
    course = item if isinstance(item, Course) else item.course
    if not queries.can_edit(current_user, course):
        abort(403)
    return item


@blueprint.route("/")
def catalog():
    return render_template("courses/catalog.html", courses=queries.list_courses())


@blueprint.route("/courses/new", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def new_course():
    form = CourseForm()
    if form.validate_on_submit():
        course = operations.create_course(
            current_user,
            title=form.title.data,
            description=form.description.data or "",
            spoken_language=form.spoken_language.data,
            target_languages=form.target_languages.data,
            recognition_terms=form.recognition_terms.data,
            chinese_script=form.chinese_script.data,
            has_speech_translation=form.has_speech_translation.data,
        )
        return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/new_course.html", form=form)


@blueprint.route("/courses/<int:course_id>")
def course(course_id: int):
    course = queries.get_or_404(Course, course_id)
    return render_template(
        "courses/course.html",
        course=course,
        can_edit=queries.can_edit(current_user, course),
        is_enrolled=current_user.is_authenticated
        and queries.is_enrolled(current_user, course),
        form=TitleForm(),
    )


@blueprint.route("/courses/<int:course_id>/speech", methods=["GET", "POST"])
@role_required(Role.INSTRUCTOR)
def speech_settings(course_id: int):
    course = _editable(Course, course_id)
    form = SpeechSettingsForm(obj=course)
    if form.validate_on_submit():
        operations.update_speech_settings(
            course,
            current_user,
            recognition_terms=form.recognition_terms.data,
            chinese_script=form.chinese_script.data,
            has_speech_translation=form.has_speech_translation.data,
        )
        flash(_("Saved. New recordings and re-runs use these settings."), "success")
        return redirect(url_for("courses.course", course_id=course.id))
    return render_template("courses/speech_settings.html", course=course, form=form)


@blueprint.route("/courses/<int:course_id>/enrol", methods=["POST"])
@login_required
def enrol(course_id: int):
    course = queries.get_or_404(Course, course_id)
    operations.enrol_trainee(current_user, course)
    flash(_("You are enrolled in %(title)s.", title=course.title), "success")
    return redirect(url_for("courses.course", course_id=course.id))


@blueprint.route("/courses/<int:course_id>/modules", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def add_module(course_id: int):
    course = _editable(Course, course_id)
    form = TitleForm()
    if form.validate_on_submit():
        operations.add_module(course, form.title.data)
    else:
        flash(_("A module needs a title."), "error")
    return redirect(url_for("courses.course", course_id=course.id))


@blueprint.route("/modules/<int:module_id>/lessons", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def add_lesson(module_id: int):
    module = _editable(Module, module_id)
    form = TitleForm()
    if not form.validate_on_submit():
        flash(_("A lesson needs a title."), "error")
        return redirect(url_for("courses.course", course_id=module.course_id))
    lesson = operations.add_lesson(module, form.title.data)
    return redirect(url_for("transcripts.manage_recording", lesson_id=lesson.id))


def _track_in_reader_language(tracks):
    """Pick the track in the page's language, else the spoken one."""
    reader = get_locale().language
    chosen = [t for t in tracks if t.language.split("-")[0] == reader]
    return (chosen or tracks or [None])[0]


@blueprint.route("/lessons/<int:lesson_id>")
@login_required
def lesson(lesson_id: int):
    lesson = queries.get_or_404(Lesson, lesson_id)
    if not queries.can_view_lessons(current_user, lesson.course):
        flash(_("Enrol in the course to watch its lessons."), "info")
        return redirect(url_for("courses.course", course_id=lesson.course.id))
    tracks = transcripts.tracks_of(lesson.id)
    return render_template(
        "courses/lesson.html",
        lesson=lesson,
        recording=transcripts.latest_recording(lesson.id),
        tracks=tracks,
        shown=_track_in_reader_language(tracks),
        can_edit=queries.can_edit(current_user, lesson.course),
    )
