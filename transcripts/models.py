"""Recordings, their processing jobs, subtitle tracks and cues."""

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Float, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.accounts.models import User
from portal.extensions import db
from portal.messages import Message
from portal.timeutil import utcnow


def _enum(cls):
    return db.Enum(
        cls,
        native_enum=False,
        length=30,
        values_callable=lambda e: [m.value for m in e],
    )


class Provenance(enum.StrEnum):
    ASR = "asr"
    MACHINE_TRANSLATION = "machine-translation"
    TRANSLATION_MEMORY = "translation-memory"
    HUMAN = "human"

    @property
    def label(self) -> str:
        """Return who made the text, in the page's language."""
        return str(PROVENANCE_LABELS[self])


PROVENANCE_LABELS = {
    Provenance.ASR: _l("Speech recognition"),
    Provenance.MACHINE_TRANSLATION: _l("Machine translation"),
    Provenance.TRANSLATION_MEMORY: _l("Translation memory"),
    Provenance.HUMAN: _l("Person"),
}


class JobState(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


STEP_LABELS = {
    "queued": _l("Waiting for a worker"),
    "extracting": _l("Extracting the sound"),
    "transcribing": _l("Recognising speech"),
    "speech-translating": _l("Translating the speech into English"),
    "cues": _l("Making subtitles"),
    "translating": _l("Translating"),
    "done": _l("Finished"),
    "failed": _l("Failed"),
}


class Recording(db.Model):
    """A lecture video or audio file uploaded to a lesson."""

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    original_filename: Mapped[str] = mapped_column(String(255))
    # Relative to the media folder, so the folder can move.
    stored_name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size_bytes: Mapped[int]
    duration_seconds: Mapped[float] = mapped_column(Float)
    has_video: Mapped[bool]
    uploaded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    jobs: Mapped[list["ProcessingJob"]] = relationship(
        back_populates="recording", order_by="ProcessingJob.id"
    )

    @property
    def latest_job(self) -> "ProcessingJob | None":
        return self.jobs[-1] if self.jobs else None


class ProcessingJob(db.Model):
    """One run of the speech and translation pipeline on a recording."""

    id: Mapped[int] = mapped_column(primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recording.id"), index=True)
    state: Mapped[JobState] = mapped_column(_enum(JobState), default=JobState.QUEUED)
    step: Mapped[str] = mapped_column(String(30), default="queued")
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    # The message untranslated, with its arguments: see portal.messages.
    message: Mapped[str] = mapped_column(Text, default="")
    message_args: Mapped[dict] = mapped_column(JSON, default=dict, server_default="{}")
    detected_language: Mapped[str | None] = mapped_column(String(16))
    # The language the instructor chose for this run; None lets Whisper detect it.
    requested_language: Mapped[str | None] = mapped_column(String(16))
    # Notes for the instructor (a language no engine reaches, ...), each a
    # stored Message; rows from before messages were stored hold plain strings.
    notes: Mapped[list[dict | str]] = mapped_column(JSON, default=list)
    attempts: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    finished_at: Mapped[datetime | None]

    recording: Mapped[Recording] = relationship(back_populates="jobs")

    @property
    def step_label(self) -> str:
        return str(STEP_LABELS.get(self.step, self.step))

    @property
    def shown_message(self) -> str:
        """Return the job's message in the reader's language."""
        return str(Message(self.message, **(self.message_args or {})))

    @property
    def shown_notes(self) -> list[str]:
        """Return the job's notes in the reader's language."""
        return [str(Message.from_json(note)) for note in self.notes or []]

    def say(self, message: Message | None) -> None:
        """Set the message the instructor sees beside the progress bar, or clear it."""
        if message is None:
            self.message, self.message_args = "", {}
        else:
            self.message, self.message_args = message.text, message.args

    def add_note(self, message: Message) -> None:
        """Add a note for the instructor (a new list, so the JSON change is saved)."""
        self.notes = [*(self.notes or []), message.as_json()]


class SubtitleTrack(db.Model):
    """Cues in one language for one lesson."""

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("lesson.id"), index=True)
    recording_id: Mapped[int | None] = mapped_column(ForeignKey("recording.id"))
    language: Mapped[str] = mapped_column(String(16))
    provenance: Mapped[Provenance] = mapped_column(_enum(Provenance))
    engine: Mapped[str] = mapped_column(String(60), default="")
    source_track_id: Mapped[int | None] = mapped_column(ForeignKey("subtitle_track.id"))
    # Raised by every save; an editor holding an older number has a conflict.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # A rough machine track (Whisper base's speech translation) to fix, not publish.
    is_draft: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    cues: Mapped[list["Cue"]] = relationship(
        back_populates="track",
        order_by="Cue.position",
        cascade="all, delete-orphan",
        foreign_keys="Cue.track_id",
    )
    versions: Mapped[list["TrackVersion"]] = relationship(
        cascade="all, delete-orphan", order_by="TrackVersion.number"
    )
    flags: Mapped[list["CueFlag"]] = relationship(cascade="all, delete-orphan")

    @property
    def is_edited(self) -> bool:
        return bool(self.versions)


class Cue(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("subtitle_track.id"), index=True)
    # Stable across edits and exports; SRT numbering is derived from position.
    uid: Mapped[str] = mapped_column(String(36))
    position: Mapped[int]
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    text: Mapped[str] = mapped_column(Text)
    provenance: Mapped[Provenance] = mapped_column(_enum(Provenance))
    # For a translated cue: the source cue and its text when it was translated,
    # so the editor can tell which translations a later source edit made stale.
    source_uid: Mapped[str | None] = mapped_column(String(36))
    source_text: Mapped[str | None] = mapped_column(Text)
    # Set on a recognised cue spoken in another language than its track's.
    language: Mapped[str | None] = mapped_column(String(16))

    track: Mapped[SubtitleTrack] = relationship(
        back_populates="cues", foreign_keys=[track_id]
    )

    @property
    def identifier(self) -> str:
        return self.uid


class TrackVersion(db.Model):
    """A saved state of a track: who saved it, when, and its cues."""

    __table_args__ = (UniqueConstraint("track_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("subtitle_track.id"), index=True)
    number: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    note: Mapped[str] = mapped_column(String(200), default="")
    # [{"uid", "start", "end", "text", "provenance"}, ...] as saved.
    cues: Mapped[list[dict]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()


class CueFlag(db.Model):
    """A trainee's report that a subtitle line is wrong."""

    id: Mapped[int] = mapped_column(primary_key=True)
    track_id: Mapped[int] = mapped_column(ForeignKey("subtitle_track.id"), index=True)
    cue_uid: Mapped[str] = mapped_column(String(36))
    cue_text: Mapped[str] = mapped_column(Text)
    comment: Mapped[str] = mapped_column(Text)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved_at: Mapped[datetime | None]
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id])


class TranscriptChunk(db.Model):
    """A finished window of a job's speech-to-text, kept so a restart resumes."""

    __table_args__ = (UniqueConstraint("job_id", "task", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("processing_job.id"), index=True)
    # "transcribe", or "translate" for Whisper's own speech-to-English pass.
    task: Mapped[str] = mapped_column(String(16))
    position: Mapped[int]
    start: Mapped[float] = mapped_column(Float)
    end: Mapped[float] = mapped_column(Float)
    language: Mapped[str | None] = mapped_column(String(16))
    segments: Mapped[list[dict]] = mapped_column(JSON, default=list)
