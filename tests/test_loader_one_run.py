"""One validation run reports every problem: a broken transition hides no guard, role or graph problem elsewhere."""

from __future__ import annotations

import pytest

from workflow import DefinitionError, parse_definition

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
