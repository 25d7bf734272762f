"""The loader: every problem of a file, each at its file:line:col."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import workflow
from workflow import DefinitionError, load_definition, load_definitions, parse_definition, speaking

from .paths import BUNDLED, FIXTURES

BROKEN = sorted((FIXTURES / "broken").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+):(\d+): (.+)$", re.M)


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_fixture_reports_exactly_its_problems(path: Path) -> None:
    expected = [(int(line), int(col), text) for line, col, text in EXPECT.findall(path.read_text())]
    assert expected, f"{path.name} declares no '# expect:' lines"
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    found = [(p.line, p.column, p.message) for p in info.value.problems]
    for line, col, text in expected:
        assert any((fl, fc) == (line, col) and text in msg for fl, fc, msg in found), (
            f"missing {line}:{col}: {text!r}; found {found}"
        )
    assert len(found) == len(expected), f"unexpected extra problems: {found}"
    assert all(p.file == str(path) for p in info.value.problems)


def test_message_renders_file_line_col() -> None:
    path = FIXTURES / "broken" / "undeclared_role.yaml"
    with pytest.raises(DefinitionError) as info:
        load_definition(path)
    assert f"{path}:13:20: onbekende rol 'mayor'; gedeclareerde rollen: clerk" in str(info.value)
    assert info.value.problems[0].code == "definition.unknown"


def test_on_off_yes_no_ids_stay_strings() -> None:
    definition = load_definition(FIXTURES / "valid" / "on_off.yaml")
    assert list(definition.states) == ["off", "on", "no"]
    assert definition.transitions["yes"].sources == ("off",)
    assert definition.initial_state.id == "off"


def test_bundled_definitions_load() -> None:
    loaded = load_definitions(BUNDLED)
    assignment = loaded["assignment"]
    assert assignment.version == 3  # new cases start on the newest version
    assert assignment.initial_state.id == "received"
    finals = {s.id for s in assignment.states.values() if s.final}
    assert finals == {"closed", "withdrawn", "rejected", "referred", "cancelled"}
    assert len(assignment.checksum) == 64
    old = loaded.get_version("assignment", 2)  # kept for the cases that started on it
    assert old is not None
    assert old.file.endswith("assignment.v2.yaml")
    assert {s.id for s in old.states.values() if s.final} == {"closed", "withdrawn", "rejected", "cancelled"}


def test_definition_is_immutable(mini_text: str) -> None:
    definition = parse_definition(mini_text)
    with pytest.raises(AttributeError):
        definition.version = 2  # type: ignore[misc]
    with pytest.raises(TypeError):
        definition.states["x"] = definition.states["open"]  # type: ignore[index]


def test_star_source_means_every_non_final_state(mini_text: str) -> None:
    text = mini_text + "  stop:\n    from: '*'\n    to: done\n    roles: [clerk]\n"
    definition = parse_definition(text)
    assert definition.transitions["stop"].sources == ("open",)


def test_staying_transition_keeps_state(mini_text: str) -> None:
    text = mini_text + "  note:\n    from: open\n    roles: [clerk]\n"
    definition = parse_definition(text)
    note = definition.transitions["note"]
    assert note.target is None
    assert definition.target_of(note, "open") == "open"


def test_folder_reports_problems_of_every_file(tmp_path: Path, mini_text: str) -> None:
    (tmp_path / "a.yaml").write_text(mini_text.replace("title: Mini", "title: [x"))
    (tmp_path / "b.yaml").write_text(mini_text.replace("roles: [clerk]", "roles: [nobody]"))
    with pytest.raises(DefinitionError) as info:
        load_definitions(tmp_path)
    assert {Path(p.file).name for p in info.value.problems} == {"a.yaml", "b.yaml"}


def test_same_workflow_version_twice_is_a_problem(tmp_path: Path, mini_text: str) -> None:
    (tmp_path / "a.yaml").write_text(mini_text)
    (tmp_path / "b.yaml").write_text(mini_text)
    with pytest.raises(DefinitionError, match="werkstroom 'mini' versie 1 staat ook in"):
        load_definitions(tmp_path)


def test_versions_of_one_workflow_side_by_side(tmp_path: Path, mini_text: str) -> None:
    (tmp_path / "v1.yaml").write_text(mini_text)
    (tmp_path / "v2.yaml").write_text(mini_text.replace("version: 1", "version: 2"))
    loaded = load_definitions(tmp_path)
    assert loaded["mini"].version == 2
    v1 = loaded.get_version("mini", 1)
    assert v1 is not None
    assert v1.version == 1
    assert loaded.get_version("mini", 3) is None
    assert [d.version for d in loaded.all_versions()] == [1, 2]


@pytest.mark.parametrize(
    ("path_text", "message"),
    [
        ("missing.yaml", "bestand of map bestaat niet"),
        ("", "geen *.yaml-definitiebestanden"),
    ],
)
def test_bad_paths(tmp_path: Path, path_text: str, message: str) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)):
        load_definitions(tmp_path / path_text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"", "het bestand is leeg"),
        (b"- a\n- b\n", "verwacht een mapping met de sleutels 'workflow', 'version', 'title'"),
        (b"\xff\xfe", "geen UTF-8-tekst: byte 0xff op positie 0 past niet; sla het bestand op als UTF-8"),
        (b"a: &a [1]\nb: !!python/object:os.system {}\n", "YAML-tag"),
        (
            b"a: &x ["
            + b"1," * 10
            + b"]\n"
            + b"".join(b"b%d: [*x, *x, *x, *x, *x, *x, *x, *x, *x, *x]\n" % i for i in range(1)),
            "het bestand: de verplichte sleutel 'roles' ontbreekt",
        ),
    ],
)
def test_bad_documents(text: bytes, message: str) -> None:
    with pytest.raises(DefinitionError, match=re.escape(message)):
        parse_definition(text, "x.yaml")


def test_alias_bomb_is_stopped() -> None:
    lines = ["a0: [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 9)]
    lines[0] = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"
    with pytest.raises(DefinitionError, match="meer dan 200000 waarden"):
        parse_definition("\n".join(lines), "bomb.yaml")


def test_file_too_large() -> None:
    with pytest.raises(DefinitionError, match="bestand groter dan"):
        parse_definition(b"#" * (workflow.loader.MAX_FILE_BYTES + 1), "big.yaml")


def test_problems_sorted_by_position() -> None:
    with pytest.raises(DefinitionError) as info:
        load_definition(FIXTURES / "broken" / "wrong_type.yaml")
    positions = [(p.line, p.column) for p in info.value.problems]
    assert positions == sorted(positions)


def _with_transition(mini_text: str, body: str) -> str:
    return mini_text + "  sign:\n    from: open\n    to: done\n    roles: [client]\n" + body


def test_input_list_declares_what_a_step_may_write(mini_text: str) -> None:
    sign = parse_definition(_with_transition(mini_text, "    input: [amount, note]\n")).transitions["sign"]
    assert sign.writes == ("amount", "note")
    assert sign.undeclared({"amount": 3, "note": "x"}) == []
    assert sign.undeclared({"amount": 3, "extra": {"a": 1, "b": [2]}}) == ["extra.a", "extra.b"]
    assert parse_definition(mini_text).transitions["finish"].writes == ()


def test_input_schema_declares_its_properties_only(mini_text: str) -> None:
    schema = "    input:\n      type: object\n      properties: {amount: {type: number}, note: {}}\n"
    sign = parse_definition(_with_transition(mini_text, schema)).transitions["sign"]
    assert sign.writes == ("amount", "note")
    assert sign.undeclared({"note": "x", "other": 1}) == ["other"]


def test_a_guard_marked_as_a_check_of_its_input_loads(mini_text: str) -> None:
    body = (
        "    input: [amount]\n"
        "    requires: [{field: amount, checks_input: true}]\n"
        "    guards:\n"
        "      - {when: amount > 0, checks_input: true, code: positive, message: Positive.}\n"
        "      - {when: amount <= actor.attributes.limit_eur, checks_input: true, code: limit, message: Within.}\n"
        "      - {when: has('note'), code: noted, message: Noted.}\n"
    )
    sign = parse_definition(_with_transition(mini_text, body)).transitions["sign"]
    assert [(g.code, g.checks_input) for g in sign.guards] == [("positive", True), ("limit", True), ("noted", False)]
    assert sign.guards[1].when == "amount <= actor.attributes.limit_eur"


def test_a_self_satisfiable_guard_names_guard_field_and_transition(mini_text: str) -> None:
    body = "    input: [note]\n    guards:\n      - {when: 'amount > 0 and has(\"note\")', code: noted, message: N.}\n"
    with pytest.raises(DefinitionError) as info:
        parse_definition(_with_transition(mini_text, body), "mini.yaml")
    assert "mini.yaml:26:16: voorwaarde 'noted' van stap 'sign' leest veld 'note'" in str(info.value)


def test_actor_attributes_need_a_name(mini_text: str) -> None:
    body = "    guards:\n      - {when: actor.attributes > 0, code: bad, message: B.}\n"
    with pytest.raises(
        DefinitionError, match=r"onbekend: 'actor\.attributes'; actor kent id, roles, tenant, attributes\.<name>"
    ):
        parse_definition(_with_transition(mini_text, body))


def test_a_file_the_system_will_not_read_is_said_in_the_language(tmp_path: Path) -> None:
    (tmp_path / "map.yaml").mkdir()  # a folder with a definition's name
    with pytest.raises(DefinitionError) as dutch:
        load_definition(tmp_path / "map.yaml")
    assert "niet te lezen: dit is een map (EISDIR); noem een bestand" in str(dutch.value)
    assert dutch.value.problems[0].code == "definition.unreadable"
    with speaking("en"), pytest.raises(DefinitionError) as english:
        load_definition(tmp_path / "map.yaml")
    assert "cannot read: this is a folder (EISDIR); name a file" in str(english.value)
