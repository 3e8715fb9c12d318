"""Changes made in the subtitle editor: saves, versions, re-translation, flags."""

import logging
import uuid
from dataclasses import dataclass

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from portal.accounts.models import User
from portal.errors import UserError
from portal.extensions import db
from portal.timeutil import utcnow
from transcripts.models import Cue, CueFlag, Provenance, SubtitleTrack, TrackVersion

log = logging.getLogger(__name__)

MAX_CUES = 20_000
MAX_CUE_TEXT = 1_000


CONFLICT = _l(
    "Someone else saved this track while you were editing. "
    "Your changes are kept in this page: compare, then save again."
)


class EditConflict(UserError):
    """Someone saved the track after this editor loaded it."""

    status_code = 409


@dataclass(frozen=True)
class EditedCue:
    uid: str | None
    start: float
    end: float
    text: str
    # Given when restoring a version; edits otherwise decide it.
    provenance: str | None = None


FIELD_NAMES = {"start": _l("start"), "end": _l("end")}


def _number(value, field: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UserError(
            _("A cue's %(field)s time is not a number.", field=FIELD_NAMES[field])
        ) from None
    if not 0 <= number < 10**6:
        raise UserError(
            _("A cue's %(field)s time is out of range.", field=FIELD_NAMES[field])
        )
    return round(number, 3)


def _text(item: dict, position: int) -> str:
    text = item.get("text", "")
    if not isinstance(text, str):
        raise UserError(_("The editor sent an unreadable list of cues."))
    if len(text) > MAX_CUE_TEXT:
        raise UserError(_("Cue %(n)d is longer than 1,000 characters.", n=position))
    return text.strip()


def parse_cues(payload: list) -> list[EditedCue]:
    """Check cues from the editor or a file: times in order, sizes bounded."""
    if not isinstance(payload, list) or not all(isinstance(i, dict) for i in payload):
        raise UserError(_("The editor sent an unreadable list of cues."))
    if len(payload) > MAX_CUES:
        raise UserError(_("A track may hold at most 20,000 cues."))
    cues = []
    for position, item in enumerate(payload, 1):
        start = _number(item.get("start"), "start")
        end = _number(item.get("end"), "end")
        if end <= start:
            raise UserError(_("Cue %(n)d ends before it starts.", n=position))
        uid = item.get("uid") if isinstance(item.get("uid"), str) else None
        cues.append(EditedCue(uid, start, end, _text(item, position)))
    return sorted(cues, key=lambda cue: (cue.start, cue.end))


def snapshot(track: SubtitleTrack) -> list[dict]:
    """Return the track's cues as a version stores them."""
    return [
        {
            "uid": cue.uid,
            "start": cue.start,
            "end": cue.end,
            "text": cue.text,
            "provenance": cue.provenance.value,
        }
        for cue in track.cues
    ]


def _record_version(
    track: SubtitleTrack, author: User | None, note: str
) -> TrackVersion:
    version = TrackVersion(
        track_id=track.id,
        number=track.version,
        author_id=author.id if author else None,
        note=note,
        cues=snapshot(track),
    )
    db.session.add(version)
    return version


def _ensure_first_version(track: SubtitleTrack) -> None:
    """Keep the track as the machine or the import made it, before any edit."""
    exists = db.session.scalar(db.select(TrackVersion.id).filter_by(track_id=track.id))
    if exists is None:
        _record_version(track, None, track.provenance.value)


def usable_uid(uid: str | None, taken: set[str]) -> str:
    """Keep a cue's identifier when it fits and is unique, else make one."""
    if uid and len(uid) <= 36 and uid not in taken:
        return uid
    return str(uuid.uuid4())


def _apply(track: SubtitleTrack, edited: list[EditedCue]) -> bool:
    """Put the edited cues on the track; return whether anything changed."""
    old = {cue.uid: cue for cue in track.cues}
    before = [(c.uid, c.start, c.end, c.text) for c in track.cues]
    kept, taken = [], set()
    for position, item in enumerate(edited):
        cue = old.pop(item.uid, None) if item.uid else None
        if cue is None:
            # A restored version brings back its cues under their own ids.
            cue = Cue(uid=usable_uid(item.uid, taken | set(old)))
            cue.provenance = Provenance.HUMAN
        elif (cue.start, cue.end, cue.text) != (item.start, item.end, item.text):
            cue.provenance = Provenance.HUMAN
        if item.provenance:
            cue.provenance = Provenance(item.provenance)
        cue.position, cue.start, cue.end = position, item.start, item.end
        cue.text = item.text
        taken.add(cue.uid)
        kept.append(cue)
    track.cues = kept
    return before != [(c.uid, c.start, c.end, c.text) for c in kept]


def save_cues(
    track: SubtitleTrack, base_version: int, edited: list[EditedCue], user: User
):
    """Save the editor's cues as a new version, unless someone saved meanwhile."""
    track = db.session.get(
        SubtitleTrack, track.id, with_for_update=True, populate_existing=True
    )
    if track.version != base_version:
        raise EditConflict(str(CONFLICT))
    _ensure_first_version(track)
    if not _apply(track, edited):
        db.session.rollback()
        return track  # nothing changed: no new version
    track.version += 1
    track.updated_at = utcnow()
    try:
        db.session.flush()
        _record_version(track, user, "")
        db.session.commit()
    except IntegrityError:
        # Another save took this version number first (SQLite has no row lock).
        db.session.rollback()
        raise EditConflict(str(CONFLICT)) from None
    log.info("Track %s saved as version %s by %s", track.id, track.version, user.email)
    return track


def restore_version(track: SubtitleTrack, number: int, base_version: int, user: User):
    """Make an older version the current one, as a new version."""
    version = db.session.scalar(
        db.select(TrackVersion).filter_by(track_id=track.id, number=number)
    )
    if version is None:
        raise UserError(_("That version does not exist."))
    restored = [
        EditedCue(c["uid"], c["start"], c["end"], c["text"], c["provenance"])
        for c in version.cues
    ]
    track = save_cues(track, base_version, restored, user)
    log.info("Track %s restored to version %s by %s", track.id, number, user.email)
    return track


def stale_cues(track: SubtitleTrack) -> set[str]:
    """Return the uids of translated cues whose source text changed since."""
    if track.source_track_id is None:
        return set()
    source = db.session.get(SubtitleTrack, track.source_track_id)
    current = {cue.uid: cue.text for cue in source.cues} if source else {}
    return {
        cue.uid
        for cue in track.cues
        if cue.source_uid
        and current.get(cue.source_uid, cue.source_text) != cue.source_text
    }


def flag_cue(track: SubtitleTrack, cue_uid: str, comment: str, user: User) -> CueFlag:
    """Record a trainee's report that a subtitle line is wrong."""
    cue = next((c for c in track.cues if c.uid == cue_uid), None)
    comment = comment.strip()
    if cue is None:
        raise UserError(_("That subtitle line no longer exists."))
    if not comment or len(comment) > 2000:
        raise UserError(
            _("Say in a few words what is wrong (at most 2,000 characters).")
        )
    flag = CueFlag(
        track_id=track.id,
        cue_uid=cue.uid,
        cue_text=cue.text,
        comment=comment,
        reporter_id=user.id,
    )
    db.session.add(flag)
    db.session.commit()
    log.info("Cue %s of track %s flagged by %s", cue.uid, track.id, user.email)
    return flag


def resolve_flag(flag: CueFlag, user: User) -> CueFlag:
    """Mark a flag as dealt with."""
    if flag.resolved_at is None:
        flag.resolved_at, flag.resolved_by_id = utcnow(), user.id
        db.session.commit()
        log.info("Flag %s resolved by %s", flag.id, user.email)
    return flag


def retranslate(track: SubtitleTrack, uids: set[str], base_version: int, user: User):
    """Translate again the cues whose source changed, keeping everything else."""
    from translation import service as translation

    source = db.session.get(SubtitleTrack, track.source_track_id or 0)
    chosen = [cue for cue in track.cues if cue.uid in uids & stale_cues(track)]
    if source is None or not chosen:
        raise UserError(_("No cue of this track needs translating again."))
    engine = translation.engine_for(source.language, track.language)
    if engine is None:
        raise UserError(_("No installed engine translates this pair any more."))
    by_uid = {cue.uid: cue for cue in source.cues}
    originals = [by_uid[cue.source_uid] for cue in chosen]
    fresh = translation.translate_cues(
        originals, source.language, track.language, engine
    )
    texts = {cue.uid: new.text for cue, new in zip(chosen, fresh, strict=True)}
    edited = [
        EditedCue(cue.uid, cue.start, cue.end, texts.get(cue.uid, cue.text),
                  "machine-translation" if cue.uid in texts else cue.provenance.value)
        for cue in track.cues
    ]  # fmt: skip
    track = save_cues(track, base_version, edited, user)
    for cue in track.cues:
        if cue.uid in texts:
            cue.source_text = by_uid[cue.source_uid].text
    db.session.commit()
    return track
