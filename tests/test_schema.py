"""definitions/schema.json is generated from the model and must not go stale."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from workflow import format_schema

from .paths import BUNDLED, FIXTURES


def test_checked_in_schema_is_current() -> None:
    checked_in = json.loads((BUNDLED / "schema.json").read_text())
    fix = "run `wf definitions schema > definitions/schema.json`"
    assert checked_in == format_schema(), f"definitions/schema.json is stale: {fix}"


# on_off.yaml is left out: PyYAML's safe_load is YAML 1.1 and reads its ids as booleans,
# which is exactly the surprise our own loader avoids (tested in test_loader).
EDITOR_CHECKED = [*sorted(BUNDLED.glob("*.yaml")), FIXTURES / "valid" / "mini.yaml"]


@pytest.mark.parametrize("path", EDITOR_CHECKED, ids=[p.name for p in EDITOR_CHECKED])
def test_valid_definitions_pass_the_editor_schema(path) -> None:  # type: ignore[no-untyped-def]
    document = yaml.safe_load(path.read_text())
    jsonschema.Draft202012Validator(format_schema()).validate(document)


def test_editor_schema_rejects_an_unknown_key() -> None:
    document = yaml.safe_load((FIXTURES / "valid" / "mini.yaml").read_text())
    document["colour"] = "blue"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft202012Validator(format_schema()).validate(document)
