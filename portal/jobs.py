"""The background job queue (Huey) and the app context its tasks run in."""

from contextlib import contextmanager

from flask import Flask, current_app, has_app_context
from huey import SqliteHuey

from portal.config import load_settings


def _make_queue() -> SqliteHuey:
    settings = load_settings()
    settings.queue_path.parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("academy", filename=str(settings.queue_path))


huey = _make_queue()
_worker_app: Flask | None = None


@contextmanager
def task_context():
    """Run a task inside the caller's app context, or the worker's own app."""
    global _worker_app
    if has_app_context():
        yield current_app
        return
    if _worker_app is None:
        from portal import create_app

        # One app per worker process; it holds only configuration, no user state.
        _worker_app = create_app()
    with _worker_app.app_context():
        yield _worker_app
