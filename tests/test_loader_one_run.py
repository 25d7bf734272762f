"""One validation run reports every problem: a broken transition hides no guard, role or graph problem elsewhere."""

from __future__ import annotations

import pytest

from workflow import DefinitionError, parse_definition
from workflow.i18n import speaking

BROKEN = """\
workflow: one_run
version: 1
title: Broken in several places
roles:
  clerk: {label: Clerk, side: agency}
  boss: {label: Boss, side: sideways}
states:
  open: {initial: true, label: Open}
  done: {final: true, label: Done}
  island: {label: Island}
transitions:
  finish:
    from: open
    to: done
    label: Finish
    roles: [clerk]
    guards:
      - {when: "nosuchfn(1) > 0", code: bad, message: Bad.}
  broken:
    from: open
    to: done
    label: 12
    roles: clerk
    colour: red
  other:
    from: [open, "*"]
    label: Other
    roles: [ghost]
"""


def _problems(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "one_run.yaml")
    return [f"{p.line}: {p.message}" for p in caught.value.problems]


def test_shape_errors_hide_no_semantic_ones() -> None:
    found = "\n".join(_problems(BROKEN))
    assert "roles.boss.side" in found  # shape of a role
    assert "transitions.broken.label" in found  # shape of one transition
    assert "transitions.broken: onbekende sleutel 'colour'" in found
    assert "onbekende functie 'nosuchfn'" in found  # a guard elsewhere
    assert "onbekende rol 'ghost'" in found  # a role elsewhere
    assert "10: status 'island' is niet bereikbaar vanuit beginstatus 'open'" in found  # the graph


def test_graph_is_skipped_when_an_end_of_a_broken_transition_is_unreadable() -> None:
    text = BROKEN.replace("    from: open\n    to: done\n    label: 12", "    from: 7\n    to: done\n    label: 12")
    found = "\n".join(_problems(text))
    assert "niet bereikbaar" not in found, "an unreadable end could be the missing edge: no guess"
    assert "onbekende functie 'nosuchfn'" in found


REVIEWED = """\
workflow: vergunning
version: 1
title: Vergunning
roles:
  behandelaar: {label: Behandelaar, side: agency}
data:
  type: object
  properties:
    besluit: {type: string}
states:
  ontvangen: {initial: true, label: Ontvangen}
  besloten: {final: true, label: Besloten}
transitions:
  besluiten:
    from: ontvangen
    to: besloten
    lable: Besluiten
    roles: [behandelaar, burgemeester]
    input: [besluit, motivatie]
    guards:
      - {when: "besluit ==", code: a, message: A.}
      - {when: "nosuch(1)", code: b, message: B.}
      - {when: "besluit == 'x'", code: c, message: C.}
"""


def _located(text: str) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "v.yaml")
    return [str(p) for p in caught.value.problems]


def test_an_unknown_key_in_a_transition_hides_none_of_its_other_problems() -> None:
    """The review's file: a misspelt key, an unknown role and input field, bad guards, a self-satisfiable one."""
    assert _located(REVIEWED) == [
        "v.yaml:17:5: transitions.besluiten: onbekende sleutel 'lable'; bedoelde u 'label'?",
        "v.yaml:18:26: onbekende rol 'burgemeester'; gedeclareerde rollen: behandelaar",
        "v.yaml:19:22: 'input' noemt onbekend gegevensveld 'motivatie'; declareer het in het gegevensschema",
        "v.yaml:21:17: voorwaarde 'a': onjuiste schrijfwijze: ongeldige opbouw; controleer operatoren, komma's "
        "en aanhalingstekens",
        "v.yaml:22:17: voorwaarde 'b': onbekende functie 'nosuch'; bekende functies: abs(), actors(), add_days(), "
        "add_working_days(), all_in(), count(), date(), days_between(), has(), has_attribute(), last_actor(), "
        "len(), lower(), max(), min(), now(), round(), term_end(), term_passed(), today(), total(), "
        "working_days_between()",
        "v.yaml:23:16: voorwaarde 'c' van stap 'besluiten' leest veld 'besluit', en de invoer van 'besluiten' mag "
        "dat schrijven, dus wie 'besluiten' uitvoert kan er zelf aan voldoen; haal dat gegeven waar de actor het "
        "niet kan schrijven (actor.attributes, actors(...), gegevens van een andere stap) of markeer het met "
        "'checks_input: true' als het alleen deze invoer controleert",
    ]


def test_fixing_the_unknown_key_leaves_exactly_the_other_problems() -> None:
    """Nothing new turns up after the first round: the first run said it all."""
    first = _located(REVIEWED)
    second = _located(REVIEWED.replace("lable:", "label:"))
    assert second == first[1:]


def test_a_guard_syntax_error_hides_no_self_satisfiable_guard_of_the_same_step() -> None:
    found = _located(REVIEWED.replace("    lable: Besluiten\n", "").replace("burgemeester", "behandelaar"))
    assert [p.split(": ", 1)[0] for p in found] == ["v.yaml:18:22", "v.yaml:20:17", "v.yaml:21:17", "v.yaml:22:16"]
    assert "voorwaarde 'c' van stap 'besluiten' leest veld 'besluit'" in found[-1]


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("      - {when: \"besluit == 'x'\", code: c, message: C.}", "      - {when: x, code: c, mesage: C.}", "23:28"),
        ("  ontvangen: {initial: true, label: Ontvangen}", "  ontvangen: {initial: true, lable: 5}", "11:30"),
        ("  behandelaar: {label: Behandelaar,", "  behandelaar: {label: [Behandelaar],", "5:24"),
        ("    to: besloten\n", "    to: besloten\n    description: 7\n", "17:18"),
    ],
    ids=["unknown key in a guard", "unknown key in a state", "role label not text", "description not text"],
)
def test_other_shape_slips_that_change_no_other_check_hide_nothing(old: str, new: str, where: str) -> None:
    assert old in REVIEWED
    found = _located(REVIEWED.replace(old, new))
    assert any(p.startswith(f"v.yaml:{where}: ") for p in found), found
    assert any("onbekende rol 'burgemeester'" in p for p in found), found
    assert any("voorwaarde 'b': onbekende functie 'nosuch'" in p for p in found), found


def test_a_missing_required_key_still_hides_the_checks_that_need_it() -> None:
    """Without 'to' or 'roles' read, no guess is made: only what can be read is checked."""
    found = _located(REVIEWED.replace("    roles: [behandelaar, burgemeester]\n", "    roles: 5\n"))
    assert not any("burgemeester" in p for p in found)
    assert any("transitions.besluiten.roles" in p for p in found)


@pytest.mark.parametrize(
    ("old", "new", "dutch", "english"),
    [
        ("    lable:", "    lable:", "bedoelde u 'label'?", "did you mean 'label'?"),
        ("transitions:", "transitons:", "bedoelde u 'transitions'?", "did you mean 'transitions'?"),
        ("message: A.}", "mesage: A.}", "bedoelde u 'message'?", "did you mean 'message'?"),
        ("    lable: Besluiten\n", "    gards: []\n", "bedoelde u 'guards'?", "did you mean 'guards'?"),
        ("    lable: Besluiten\n", "    colour: red\n", "haal die weg of verbeter de spelling", "remove it or"),
    ],
)
def test_an_unknown_key_names_the_keys_it_looks_like(old: str, new: str, dutch: str, english: str) -> None:
    text = REVIEWED.replace(old, new)
    assert any(dutch in p for p in _located(text))
    with speaking("en"):
        assert any(english in p for p in _located(text))


@pytest.mark.parametrize(("old", "new"), [("initial: true", "intial: true"), ("final: true", "fnal: true")])
def test_a_misspelt_key_that_shapes_the_graph_is_no_guess_for_the_graph(old: str, new: str) -> None:
    """Read without 'initial' or 'final' the file would have another graph: no 'no initial state' on top."""
    found = _located(REVIEWED.replace(old, new, 1))
    assert any(f"onbekende sleutel '{new.split(':')[0]}'; bedoelde u '{old.split(':')[0]}'?" in p for p in found)
    assert not any("beginstatus" in p or "eindstatus" in p for p in found), found
    assert any("onbekende rol 'burgemeester'" in p for p in found)  # the transitions are still checked
