"""Background tasks of the transcripts package."""

import logging
from datetime import timedelta

from huey import crontab

from portal.jobs import huey, task_context

log = logging.getLogger(__name__)

# A running job writes progress after every recognised segment (a few seconds
# of work); five minutes of silence means its worker died, and Huey does not
# redeliver such a task.
STALLED_AFTER = timedelta(minutes=5)


@huey.task()
def process_recording(
    job_id: int, target_languages: list[str], spoken_language: str | None
):
    """Run the speech and translation pipeline for one job."""
    from transcripts.pipeline import run_job

    with task_context():
        run_job(job_id, target_languages, spoken_language)


@huey.periodic_task(crontab(minute="*"))
def requeue_stalled_jobs():
    """Queue again the jobs whose worker stopped reporting."""
    from transcripts.operations import requeue_stalled

    with task_context():
        requeue_stalled(STALLED_AFTER)
