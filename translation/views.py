"""Admin pages (engines, packs, memory, organisation glossary) and course glossaries."""

import tempfile
from functools import wraps
from pathlib import Path

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from courses import queries as courses
from courses.models import Course
from portal.accounts.access import role_required
from portal.accounts.models import Role
from portal.errors import UserError
from portal.extensions import db
from portal.routing import id_arg, int_arg
from translation import forms, operations, queries, service
from translation.memory import count_units
from translation.models import GlossaryTerm

blueprint = Blueprint("translation", __name__, template_folder="templates")


def _check_size(limit: int) -> None:
    # Refuse before the upload is read, when the browser says how big it is.
    if request.content_length and request.content_length > limit:
        raise UserError(
            _("The file is larger than the limit of %(mib)s MiB.", mib=limit // 2**20)
        )


def _stay_on_page(view):
    """Show a user's mistake on the page the form came from, not an error page."""

    @wraps(view)
    def guarded(*args, **kwargs):
        try:
            return view(*args, **kwargs)
        except UserError as error:
            db.session.rollback()
            flash(error.message, "error")
            course_id = id_arg("course_id")
            if course_id is not None:
                return redirect(url_for(".course_glossary", course_id=course_id))
            return redirect(url_for(".overview"))

    return guarded


def _form_errors(form) -> None:
    for errors in form.errors.values():
        for error in errors:
            flash(error, "error")


@blueprint.route("/admin/translation")
@role_required(Role.ADMIN)
def overview():
    search = request.args.get("q", "").strip()
    page = int_arg("page", 1)
    return render_template(
        "translation/admin.html",
        pairs=sorted(service.registry().pairs().items()),
        preferences=queries.preferences(),
        packs=service.argos_engine().packs(),
        memory=sorted(count_units().items()),
        terms=queries.glossary_page(None, search, page),
        search=search,
        pack_form=forms.PackUploadForm(),
        memory_form=forms.MemoryImportForm(),
        term_form=forms.TermForm(),
        import_form=forms.GlossaryImportForm(),
    )


@blueprint.route("/admin/translation/packs", methods=["POST"])
@role_required(Role.ADMIN)
@_stay_on_page
def upload_pack():
    _check_size(current_app.config["SETTINGS"].max_pack_bytes)
    form = forms.PackUploadForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for(".overview"))
    with tempfile.TemporaryDirectory() as work:
        path = Path(work) / "upload.argosmodel"
        form.pack.data.save(path)
        pack = operations.install_language_pack(path, who=current_user.email)
    flash(
        _(
            "Installed the %(src)s → %(dst)s language pack.",
            src=pack.source,
            dst=pack.target,
        ),
        "success",
    )
    return redirect(url_for(".overview"))


@blueprint.route("/admin/translation/memory", methods=["POST"])
@role_required(Role.ADMIN)
@_stay_on_page
def import_memory():
    _check_size(current_app.config["SETTINGS"].max_tmx_bytes)
    form = forms.MemoryImportForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return redirect(url_for(".overview"))
    upload = form.tmx.data
    count, _stored = operations.import_memory(
        upload.stream,
        form.source.data,
        form.target.data,
        Path(upload.filename or "upload.tmx").name,
        who=current_user.email,
    )
    message = ngettext(
        "Imported %(n)s segment into the translation memory.",
        "Imported %(n)s segments into the translation memory.",
        count,
        n=format_decimal(count),
    )
    flash(message, "success")
    return redirect(url_for(".overview"))


@blueprint.route("/admin/translation/preferences", methods=["POST"])
@role_required(Role.ADMIN)
@_stay_on_page
def set_preference():
    form = forms.PreferenceForm()
    if not form.validate_on_submit():
        abort(400)
    operations.set_engine_preference(
        form.source.data,
        form.target.data,
        form.engine.data or None,
        who=current_user.email,
    )
    flash(_("Engine choice saved."), "success")
    return redirect(url_for(".overview"))


def _glossary_course(course_id: int | None) -> Course | None:
    """Return the course whose glossary the user may edit (None: organisation)."""
    if course_id is None:
        if not current_user.has_role(Role.ADMIN):
            abort(403)
        return None
    course = courses.get_or_404(Course, course_id)
    if not courses.can_edit(current_user, course):
        abort(403)
    return course


def _glossary_page(course: Course | None):
    if course is None:
        # Back to the page of terms the admin was looking at.
        place = {key: request.args.get(key) or None for key in ("q", "page")}
        return redirect(url_for(".overview", **place, _anchor="glossary"))
    return redirect(url_for(".course_glossary", course_id=course.id))


@blueprint.route("/courses/<int:course_id>/glossary")
@role_required(Role.INSTRUCTOR)
def course_glossary(course_id: int):
    course = _glossary_course(course_id)
    search = request.args.get("q", "").strip()
    page = int_arg("page", 1)
    return render_template(
        "translation/glossary.html",
        course=course,
        terms=queries.glossary_terms(course.id),
        organisation_terms=queries.glossary_page(None, search, page),
        search=search,
        term_form=forms.TermForm(),
        import_form=forms.GlossaryImportForm(),
    )


def _source_language(course: Course | None) -> str:
    spoken = course.spoken_language if course else "en"
    return "en" if spoken in ("auto", "", None) else spoken


@blueprint.route("/glossary/terms", methods=["POST"])
@role_required(Role.INSTRUCTOR)
@_stay_on_page
def add_term():
    course = _glossary_course(id_arg("course_id"))
    form = forms.TermForm()
    if form.validate_on_submit():
        operations.add_glossary_term(
            course.id if course else None,
            _source_language(course),
            form.term.data,
            form.translation.data or None,
            form.target.data or None,
            who=current_user.email,
        )
        flash(_("Term added."), "success")
    else:
        _form_errors(form)
    return _glossary_page(course)


@blueprint.route("/glossary/import", methods=["POST"])
@role_required(Role.INSTRUCTOR)
@_stay_on_page
def import_terms():
    course = _glossary_course(id_arg("course_id"))
    _check_size(current_app.config["SETTINGS"].max_tmx_bytes)
    form = forms.GlossaryImportForm()
    if not form.validate_on_submit():
        _form_errors(form)
        return _glossary_page(course)
    try:
        text = form.terms.data.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(_("The glossary file is not UTF-8 text.")) from None
    count = operations.import_glossary(
        text,
        course.id if course else None,
        _source_language(course),
        form.target.data or None,
        who=current_user.email,
    )
    message = ngettext(
        "Imported %(n)s term.", "Imported %(n)s terms.", count, n=format_decimal(count)
    )
    flash(message, "success")
    return _glossary_page(course)


@blueprint.route("/glossary/terms/<int:term_id>/delete", methods=["POST"])
@role_required(Role.INSTRUCTOR)
def delete_term(term_id: int):
    row = courses.get_or_404(GlossaryTerm, term_id)
    course = _glossary_course(row.course_id)
    if not forms.DeleteForm().validate_on_submit():
        abort(400)
    operations.delete_glossary_term(row, who=current_user.email)
    flash(_("Term deleted."), "success")
    return _glossary_page(course)
