"""``wf`` help and click's usage errors: Dutch by default, English with ``--lang en`` or ``WF_LANG=en``.

The help of every command (walked from the root group) is Dutch with no English word
(the scan of ``tests/test_i18n.py``); option names, environment variables, choices and
commands to type are the user's own words and are left out of the scan.  Click's
usage errors come in the same language, with exit code 2.
"""

from __future__ import annotations

import re
import string

import click
import pytest
from click.testing import CliRunner

from cli import main
from workflow._cli.help_en import HELP as HELP_EN
from workflow._cli.help_nl import HELP as HELP_NL
from workflow._cli.helping import language_in

from .test_i18n import ENGLISH


def _paths(command: click.Command, path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path under ``command``, the root first."""
    found = [path]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            found += _paths(sub, (*path, name))
    return found


PATHS = _paths(main)


def _english_in_help(output: str) -> list[str]:
    """English words in a help page, without option names, environment variables, choices, commands to type."""
    text = re.sub(r"^(Gebruik|Usage): .*$|^  [\w-]+(?= {2})", "", output, flags=re.MULTILINE)  # commands
    text = re.sub(r"`[^`]*`|--?[\w-]+|\bWF_\w+|\[[\w|]+\]|\w+(\.\w+)+|[\w/]+\.md", " ", text)
    text = re.sub(r"\b(started|fired|refused|flagged|process mining)\b", " ", text)
    return [f"{word!r}" for word in ENGLISH.findall(text)]


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "wf")
def test_the_help_of_every_command_is_dutch(runner: CliRunner, path: tuple[str, ...]) -> None:
    shown = runner.invoke(main, [*path, "--help"])
    assert shown.exit_code == 0, shown.output
    assert shown.stdout.startswith("Gebruik: ")
    assert "Opties:" in shown.stdout
    assert "Deze hulp tonen en stoppen." in shown.stdout
    for word in ("Usage", "Options", "Commands", "Show this message", "default:", "[required]", "INTEGER", "TEXT"):
        assert word not in shown.stdout, word
    assert _english_in_help(shown.stdout) == [], shown.stdout


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "wf")
def test_the_help_of_every_command_in_english_on_request(runner: CliRunner, path: tuple[str, ...]) -> None:
    ways: list[tuple[list[str], dict[str, str]]] = [
        (["--lang", "en", *path, "--help"], {}),
        ([*path, "-h"], {"WF_LANG": "en"}),
    ]
    command: click.Command | None = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.get_command(click.Context(command), name)
    assert command is not None
    if any("--lang" in param.opts for param in command.params):  # not a group nor the standalone term
        ways.append(([*path, "--help", "--lang=en"], {}))  # --help acts before --lang is parsed
    for args, env in ways:
        shown = runner.invoke(main, args, env=env)
        assert shown.exit_code == 0, shown.output
        assert shown.stdout.startswith("Usage: "), args
        assert "Show this message and exit." in shown.stdout
        assert not re.search(r"\b(Gebruik|Opties|Deze|zaak|werkstroom)\b", shown.stdout), shown.stdout


def test_help_lists_commands_and_says_defaults_and_placeholders_in_dutch(runner: CliRunner) -> None:
    root = runner.invoke(main, ["--help"]).stdout
    assert "Opdrachten:\n  audit " in root
    assert "Gebruik: main [OPTIES] OPDRACHT [ARGUMENTEN]..." in root
    assert re.search(r"^  case +Zaken starten, stappen zetten", root, re.MULTILINE)
    listing = runner.invoke(main, ["case", "list", "--help"]).stdout
    assert re.search(r"--limit GETAL +Zaken per pagina\.  \[standaard: 50;", listing)
    assert "--due-within DAGEN" in listing
    fire = runner.invoke(main, ["case", "fire", "--help"]).stdout
    assert fire.startswith("Gebruik: main case fire [OPTIES] ZAAK STAP\n")
    english = runner.invoke(main, ["--lang", "en", "case", "fire", "--help"]).stdout
    assert english.startswith("Usage: main case fire [OPTIONS] CASE TRANSITION\n")
    assert runner.invoke(main, ["--version"]).stdout.startswith("wf, versie ")
    assert runner.invoke(main, ["--lang", "en", "--version"]).stdout.startswith("wf, version ")


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (["--bogus"], "fout: onbekende optie: --bogus", "error: no such option: --bogus"),
        (
            ["case", "list", "--jsn"],
            "onbekende optie: --jsn; bedoelde u '--json'?",
            "no such option: --jsn; did you mean '--json'?",
        ),
        (["case", "show"], "fout: argument 'ZAAK' ontbreekt", "error: missing argument 'CASE'"),
        (
            ["case", "list", "--limit", "x"],
            "ongeldige waarde voor '--limit': verwacht een geheel getal van 1 tot en met 10000; gevonden: 'x'",
            "invalid value for '--limit': expected a whole number from 1 to 10000; found 'x'",
        ),
        (["case", "list", "--limit", "0"], "gevonden: 0", "found 0"),
        (
            ["case", "lst"],
            "onbekende opdracht 'lst'; bedoelde u 'list'?",
            "no such command 'lst'; did you mean 'list'?",
        ),
        (["cse"], "onbekende opdracht 'cse'; bedoelde u 'case'?", "no such command 'cse'; did you mean 'case'?"),
        (
            ["audit", "export"],
            "optie '--format' ontbreekt; kies uit csv, jsonl, xes",
            "missing option '--format'; choose from csv, jsonl, xes",
        ),
        (["definitions", "validate", "a", "b"], "onverwachte extra argumenten: b", "unexpected extra arguments: b"),
        (["--json=1", "case", "list"], "optie --json neemt geen waarde", "option --json does not take a value"),
        (["case", "list", "--limit"], "optie --limit vraagt een waarde", "option --limit requires a value"),
        (["import", "nope.csv", "--mapping", "nope.yaml"], "'nope.yaml' bestaat niet", "'nope.yaml' does not exist"),
        (["audit", "log", "--since", "gisteren"], "'gisteren' is geen datum of moment", "is not a date or moment"),
        (["audit", "log", "--after", "1.5"], "verwacht ZAAK:VOLGNUMMER", "expected CASE:SEQ"),
        (["--lang", "fr"], "verwacht een van nl, en; gevonden: 'fr'", "expected one of nl, en; found 'fr'"),
    ],
)
def test_usage_errors_in_dutch_and_on_request_in_english(
    runner: CliRunner, args: list[str], dutch: str, english: str
) -> None:
    said = runner.invoke(main, args)
    assert said.exit_code == 2, said.output
    assert dutch in said.stderr
    assert not re.search(r"Error|Usage|Try '", said.stderr), said.stderr
    scanned = re.sub(r"^(Gebruik:|Probeer) .*$|'[^']*'|--?[\w-]+", " ", said.stderr, flags=re.MULTILINE)
    assert ENGLISH.findall(scanned) == [], said.stderr
    if args[:2] != ["--lang", "fr"]:
        told = runner.invoke(main, ["--lang", "en", *args])
        assert told.exit_code == 2, told.output
        assert english in told.stderr


def test_a_usage_error_shows_the_usage_line_and_where_to_find_help(runner: CliRunner) -> None:
    said = runner.invoke(main, ["case", "show"])
    assert said.stderr == (
        "Gebruik: main case show [OPTIES] ZAAK\n"
        "Probeer 'main case show --help' voor hulp.\n\n"
        "fout: argument 'ZAAK' ontbreekt\n"
    )
    bare = runner.invoke(main, ["case"])  # a group without a command shows its help
    assert bare.exit_code == 2
    assert "Opdrachten:" in bare.output


def test_the_language_of_help_comes_from_the_arguments_before_click_parses_them() -> None:
    assert language_in(["case", "--lang", "EN", "list"]) == "en"
    assert language_in(["--lang=en", "--lang", "nl"]) == "nl"
    assert language_in(["--lang", "fr"]) is None
    assert language_in(["--", "--lang", "en"]) is None
    assert language_in(["--lang"]) is None


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_help_catalogues_have_every_key_with_the_same_placeholders() -> None:
    assert set(HELP_NL) == set(HELP_EN)
    for key, dutch in HELP_NL.items():
        assert _placeholders(dutch) == _placeholders(HELP_EN[key]), key
        if key.startswith("cli.help.") and len(dutch) > 20:
            assert dutch != HELP_EN[key], key


def test_no_dutch_help_text_is_english() -> None:
    for key, dutch in HELP_NL.items():
        words = re.sub(
            r"\{[^}]*\}|`[^`]*`|--?[\w-]+|\bWF_\w+|\w+(\.\w+)+|\b(started|fired|refused|flagged)\b", " ", dutch
        )
        assert ENGLISH.findall(words) == [], f"{key}: {dutch!r}"
