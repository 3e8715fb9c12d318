"""Probing real corpus files: what is accepted and what is refused, and why."""

import pytest

from portal.errors import MediaRejected
from tests.conftest import CORPUS

ACCEPTED = [
    "audio/en_jfk.wav",
    "audio/en_jfk.mp3",
    "audio/en_jfk.flac",
    "audio/pisets_test_mpeg.m4a",
    "video/mp4_video_h264_with_aac_audio_1s.mp4",
    "video/mp4_audio_only_aac_1s.mp4",
    "video/mp4_black_video_silent_audio_10s.mp4",
    "video/webm_opus_audio_only_bbb.webm",
]
REFUSED = [
    ("audio/edge_notsound.wav", "not a video or audio recording"),
    ("audio/edge_empty_header_only.wav", "empty"),
    ("video/mp4_video_only_NO_AUDIO_1s.mp4", "no sound track"),
    # ffmpeg cannot open it; refusing it clearly is the expected outcome.
    ("video/mp4_malformed_free_box.mp4", "not a video or audio recording"),
]


@pytest.mark.parametrize("name", ACCEPTED)
def test_probe_accepts_media_with_sound(app, name):
    from transcripts.media import probe

    info = probe(CORPUS / name)

    assert info.duration_seconds > 0.5
    assert info.audio_streams == 1


@pytest.mark.parametrize(("name", "reason"), REFUSED)
def test_probe_refuses_with_a_clear_reason(app, name, reason):
    from transcripts.media import probe

    with pytest.raises(MediaRejected, match=reason):
        probe(CORPUS / name)


def test_extract_audio_writes_16k_mono(app, tmp_path):
    import av

    from transcripts.media import extract_audio

    out = extract_audio(
        CORPUS / "video/mp4_video_h264_with_aac_audio_1s.mp4", tmp_path / "a.wav"
    )

    with av.open(str(out)) as container:
        stream = container.streams.audio[0]
        assert (stream.rate, stream.channels) == (16_000, 1)
