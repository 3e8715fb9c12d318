"""Uploads stream to disk beside the media folder, so accepting one moves no bytes."""

import os
import tempfile
from pathlib import Path

from flask import Request, current_app
from werkzeug.datastructures import FileStorage


class UploadRequest(Request):
    """A request whose uploaded files are spooled under the media folder."""

    def _get_file_stream(
        self, total_content_length, content_type, filename=None, content_length=None
    ):
        folder = current_app.config["SETTINGS"].media_path / "incoming"
        folder.mkdir(parents=True, exist_ok=True)
        # Deleted when the request ends; keep_upload() links it first.
        return tempfile.NamedTemporaryFile("wb+", dir=folder, suffix=".part")


def keep_upload(upload: FileStorage, target: Path) -> None:
    """Give an uploaded file its final name: a hard link when possible, else a copy."""
    spooled = getattr(upload.stream, "name", None)
    if isinstance(spooled, str) and os.path.exists(spooled):
        upload.stream.flush()
        try:
            os.link(spooled, target)
            return
        except OSError:
            pass  # another file system or no links there: copy instead
    upload.save(target)
