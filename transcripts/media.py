"""Media probing (PyAV) and audio extraction (the ffmpeg binary of imageio-ffmpeg).

ffmpeg-python is old but thin; it stays inside this module so it can be replaced.
"""

import logging
import subprocess
from dataclasses import dataclass
from pathlib import Path

import av
import ffmpeg
import imageio_ffmpeg

from portal.errors import MediaRejected
from portal.messages import Message

log = logging.getLogger(__name__)

SAMPLE_RATE = 16_000
EXTRACT_TIMEOUT_SECONDS = 3600

NOT_MEDIA = Message("This file is not a video or audio recording that we can read.")
NO_AUDIO = Message(
    "This recording has no sound track, so there is no speech to subtitle. "
    "Please upload the version with sound."
)
EMPTY = Message("This recording is empty: it holds no sound at all.")


# Container (as FFmpeg names it) -> MIME type for video, and for sound only.
MIME_TYPES = {
    "mp4": ("video/mp4", "audio/mp4"),
    "webm": ("video/webm", "audio/webm"),
    "matroska": ("video/x-matroska", "audio/x-matroska"),
    "ogg": ("video/ogg", "audio/ogg"),
    "mp3": ("audio/mpeg", "audio/mpeg"),
    "wav": ("audio/wav", "audio/wav"),
    "flac": ("audio/flac", "audio/flac"),
    "aac": ("audio/aac", "audio/aac"),
    "avi": ("video/x-msvideo", "video/x-msvideo"),
}
MISSING = Message(
    "The stored recording file is missing. Please upload the recording again."
)


@dataclass(frozen=True)
class MediaInfo:
    format_name: str
    duration_seconds: float
    has_video: bool
    audio_streams: int

    @property
    def mime_type(self) -> str:
        """Return the type to serve the file with, read from its content."""
        # Never the uploader's declared type: text/html there would run scripts.
        names = self.format_name.split(",")
        name = "webm" if "webm" in names else "mp4" if "mp4" in names else names[0]
        video, sound = MIME_TYPES.get(name, ("application/octet-stream",) * 2)
        return video if self.has_video else sound


def _first_audio_frame_exists(container) -> bool:
    stream = container.streams.audio[0]
    for _frame in container.decode(stream):
        return True
    return False


def _duration(container) -> float:
    if container.duration:
        return container.duration / av.time_base
    stream = container.streams.audio[0]
    if stream.duration and stream.time_base:
        return float(stream.duration * stream.time_base)
    return 0.0


def probe(path: Path) -> MediaInfo:
    """Describe a recording; refuse files that are not media or have no sound."""
    if not path.is_file():
        raise MediaRejected(MISSING)
    try:
        with av.open(str(path), metadata_errors="ignore") as container:
            if not container.streams.audio:
                raise MediaRejected(NO_AUDIO)
            if not _first_audio_frame_exists(container):
                raise MediaRejected(EMPTY)
            return MediaInfo(
                format_name=container.format.name,
                duration_seconds=_duration(container),
                has_video=bool(container.streams.video),
                audio_streams=len(container.streams.audio),
            )
    except (av.FFmpegError, UnicodeDecodeError) as error:
        log.info("Refused %s as not media: %s", path.name, error)
        raise MediaRejected(NOT_MEDIA) from error


def ffmpeg_binary() -> str:
    """Return the path of the ffmpeg binary that imageio-ffmpeg ships."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def extract_audio(source: Path, target: Path, stream: int = 0) -> Path:
    """Write an audio stream of `source` (the first by default) as 16 kHz mono WAV."""
    output = ffmpeg.input(str(source)).output(
        str(target),
        map=f"0:a:{stream}",
        ac=1,
        ar=SAMPLE_RATE,
        acodec="pcm_s16le",
        vn=None,
    )
    output = output.global_args("-nostdin", "-loglevel", "error").overwrite_output()
    result = subprocess.run(
        output.compile(cmd=ffmpeg_binary()),
        capture_output=True,
        timeout=EXTRACT_TIMEOUT_SECONDS,
        check=False,
    )
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace")[-2000:]
        log.warning("ffmpeg failed on %s: %s", source.name, detail)
        raise MediaRejected(NOT_MEDIA)
    return target


def _slide_video_args(audio: Path, target: Path, title: str | None) -> list[str]:
    seconds = probe(audio).duration_seconds
    slide = f"color=c=0x0b6e6e:s=854x480:r=5:d={seconds:.3f}"
    args = [
        ffmpeg_binary(),
        "-nostdin",
        "-loglevel",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        slide,
    ]
    args += ["-i", str(audio)]
    if title:
        text = title.replace("\\", "").replace(":", r"\:").replace("'", "")
        args += [
            "-vf",
            f"drawtext=text='{text}':fontcolor=white:fontsize=34:"
            "x=(w-text_w)/2:y=(h-text_h)/2",
        ]
    args += [
        "-shortest",
        "-c:v",
        "libx264",
        "-tune",
        "stillimage",
        "-pix_fmt",
        "yuv420p",
    ]
    return args + ["-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", str(target)]


def make_slide_video(audio: Path, target: Path, title: str | None = None) -> Path:
    """Make an H.264/AAC MP4 of a recording over a still title slide."""
    result = subprocess.run(
        _slide_video_args(audio, target, title), capture_output=True, check=False
    )
    if result.returncode != 0 and title:
        # drawtext needs a font; without one the plain slide still plays.
        log.warning(
            "Title slide without text: %s", result.stderr.decode(errors="replace")
        )
        return make_slide_video(audio, target, None)
    if result.returncode != 0:
        raise RuntimeError(result.stderr.decode(errors="replace"))
    return target
