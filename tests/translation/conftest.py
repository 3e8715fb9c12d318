"""Fixtures of the translation tests: the tiny language packs, installed for real."""

import shutil
import zipfile

import pytest

from portal.cli import main
from tests.translation.tiny_pack import build_pack


@pytest.fixture(scope="session")
def pack_files(tmp_path_factory):
    """Build the test packs once: en->fr, fr->en and es->en."""
    folder = tmp_path_factory.mktemp("packs")
    return {
        ("en", "fr"): build_pack(folder, "en", "fr", "bonjour le monde"),
        ("fr", "en"): build_pack(folder, "fr", "en", "the patient"),
        ("es", "en"): build_pack(folder, "es", "en", "hello world"),
    }


@pytest.fixture
def install_pack(app, pack_files):
    """Install test packs with `academy languages install`; remove them after."""
    packages = app.config["SETTINGS"].argos_path / "packages"

    def install(source: str, target: str):
        result = app.test_cli_runner().invoke(
            main, ["languages", "install", str(pack_files[(source, target)])]
        )
        assert result.exit_code == 0, result.output
        return packages / f"{source}_{target}"

    return install


@pytest.fixture(autouse=True)
def remove_packs(request):
    """Remove the packs a test installed, through the CLI or an upload."""
    yield
    if "app" in request.fixturenames:
        settings = request.getfixturevalue("app").config["SETTINGS"]
        shutil.rmtree(settings.argos_path / "packages", ignore_errors=True)


@pytest.fixture
def bad_packs(tmp_path, pack_files):
    """Files that look like packs and are not."""
    files = {}
    files["text"] = tmp_path / "notes.argosmodel"
    files["text"].write_text("not a zip at all")
    files["no-model"] = tmp_path / "no-model.argosmodel"
    with zipfile.ZipFile(files["no-model"], "w") as archive:
        archive.writestr("pack/metadata.json", '{"from_code": "en", "to_code": "de"}')
        archive.writestr("pack/sentencepiece.model", b"x")
    files["escape"] = tmp_path / "escape.argosmodel"
    with zipfile.ZipFile(files["escape"], "w") as archive:
        archive.writestr("../outside/metadata.json", "{}")
    files["bad-json"] = _copy_changed(
        pack_files[("en", "fr")], tmp_path, "metadata.json", lambda _data: b"{broken"
    )
    files["broken-model"] = _copy_changed(
        pack_files[("en", "fr")], tmp_path, "model.bin", lambda data: data[:100]
    )
    return files


def _copy_changed(pack, folder, member: str, change):
    copy = folder / f"changed-{member}.argosmodel"
    with zipfile.ZipFile(pack) as good, zipfile.ZipFile(copy, "w") as archive:
        for info in good.infolist():
            data = good.read(info)
            archive.writestr(
                info, change(data) if info.filename.endswith(member) else data
            )
    return copy
