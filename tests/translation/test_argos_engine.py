"""The argostranslate engine on packs the tests build: real install, load, translate."""

import os

import pytest

from portal.cli import main
from translation import service
from translation.argos import ArgosEngine, PackRejected
from translation.engines import PairNotSupported, TranslationEngine


def test_engine_meets_the_protocol(app):
    assert isinstance(service.argos_engine(), TranslationEngine)


def test_installed_pack_translates_through_argostranslate(app, install_pack):
    folder = install_pack("en", "fr")

    engine = service.argos_engine()
    texts = ["The patient has a fever. Give the medicine!", "", "Hello"]

    assert (folder / "model" / "model.bin").is_file()
    assert engine.pairs() == {("en", "fr")}
    # The tiny model writes its fixed phrase once per sentence it is given.
    assert engine.translate(texts, "en", "fr") == [
        "bonjour le monde bonjour le monde",
        "",
        "bonjour le monde",
    ]


def test_pairs_without_a_direct_pack_pivot_through_english(app, install_pack):
    install_pack("en", "fr")
    install_pack("es", "en")

    engine = service.argos_engine()

    assert engine.pairs() == {("en", "fr"), ("es", "en"), ("es", "fr")}
    assert engine.translate(["Hola."], "es", "fr") == ["bonjour le monde"]
    with pytest.raises(PairNotSupported):
        engine.translate(["Bonjour."], "fr", "es")


def test_registry_lists_new_packs_at_once_with_their_engine(app, install_pack):
    assert ("en", "fr") not in service.registry().pairs()

    install_pack("en", "fr")

    assert service.registry().pairs()[("en", "fr")] == ["argos"]
    assert "fr" in service.reachable_targets()
    assert service.engine_for("en", "fr").name == "argos"


def test_languages_list_shows_packs_and_pairs(app, install_pack):
    install_pack("fr", "en")

    result = app.test_cli_runner().invoke(main, ["languages", "list"])

    assert result.exit_code == 0, result.output
    assert "pack  fr -> en" in result.output
    assert "pair  fr -> en  argos" in result.output
    assert "pair  en -> es  apertium" in result.output


def test_reinstalling_a_pack_replaces_it(app, install_pack):
    first = install_pack("en", "fr")
    second = install_pack("en", "fr")

    assert first == second
    packages = sorted(p.name for p in second.parent.iterdir())
    assert packages == ["en_fr"]


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("text", "not a zip archive"),
        ("no-model", "has no model/model.bin"),
        ("escape", "unsafe path"),
        ("bad-json", "not valid JSON"),
        ("broken-model", "cannot be installed"),
    ],
)
def test_a_file_that_is_not_a_pack_is_refused_and_leaves_nothing(
    app, bad_packs, kind, message
):
    packages = app.config["SETTINGS"].argos_path / "packages"

    result = app.test_cli_runner().invoke(
        main, ["languages", "install", str(bad_packs[kind])]
    )

    assert result.exit_code == 1
    assert "not a language pack the portal can install" in result.output
    assert message in result.output
    assert not packages.exists() or not any(packages.iterdir())


def test_a_pack_that_unpacks_too_big_is_refused(tmp_path, pack_files):
    engine = ArgosEngine(tmp_path / "argos")

    with pytest.raises(PackRejected, match="size limit"):
        engine.install(pack_files[("en", "fr")], max_unpacked_bytes=1000)


def test_argostranslate_keeps_its_folders_under_the_instance(app, install_pack):
    install_pack("en", "fr")
    service.argos_engine().translate(["Hello."], "en", "fr")

    argos = app.config["SETTINGS"].argos_path
    import argostranslate.settings as argos_settings

    assert argos_settings.package_data_dir.is_relative_to(argos)
    assert argos_settings.data_dir.is_relative_to(argos)
    assert argos_settings.cache_dir.is_relative_to(argos)
    # The import's folders did not leak into the rest of the process.
    assert "ARGOS_PACKAGES_DIR" not in os.environ
