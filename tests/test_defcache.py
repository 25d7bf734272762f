"""The definitions cache: a hit is the same definition as a fresh compile; nothing in the cache changes the rules
unless it passes every check, and what fails a check is ignored (compiled again), never an error."""

from __future__ import annotations

import hashlib
import hmac
import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from workflow import DefinitionSet, load_definitions
from workflow.defcache import encode_definition

from .paths import BUNDLED, FIXTURES

SOURCES = [BUNDLED / "assignment.yaml", BUNDLED / "evenementenadvies.yaml", FIXTURES / "valid" / "mini.yaml"]


def _same(a: DefinitionSet, b: DefinitionSet) -> None:
    assert [d.key for d in a.all_versions()] == [d.key for d in b.all_versions()]
    for x, y in zip(a.all_versions(), b.all_versions(), strict=True):
        assert encode_definition(x) == encode_definition(y)
        assert (x.source, x.checksum, x.file) == (y.source, y.checksum, y.file)
        for tid, transition in x.transitions.items():
            other = y.transitions[tid]
            for g, h in zip(transition.guards, other.guards, strict=True):
                assert (g.when, g.expression.calls) == (h.when, h.expression.calls)
                assert replace(g, expression=h.expression) == h  # every other field of the guard kept
            assert [(p, e.source) for p, e in transition.derives] == [(p, e.source) for p, e in other.derives]
        assert (x.start, x.report) == (y.start, y.report)


def _entries(cache: Path) -> list[Path]:
    return sorted(cache.glob("*.json"))


def _forge(entry: Path, key: bytes, change: bytes, into: bytes) -> None:
    """Change the entry and sign it with the cache's key (what only this user could do)."""
    _, _, content = entry.read_bytes().partition(b"\n")
    assert change in content
    body = content.replace(change, into)
    entry.write_bytes(hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)


def test_problems_are_never_cached(tmp_path: Path) -> None:
    from workflow import DefinitionError

    broken = sorted((FIXTURES / "broken").glob("*.yaml"))[0]
    for _ in range(2):
        with pytest.raises(DefinitionError):
            load_definitions(broken, cache=tmp_path / "cache")
    assert _entries(tmp_path / "cache") == []


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_hit_is_the_definition_a_fresh_compile_gives(tmp_path: Path, source: Path) -> None:
    fresh = load_definitions(source)
    first = load_definitions(source, cache=tmp_path)
    assert len(_entries(tmp_path)) == 1
    _same(fresh, first)
    second = load_definitions(source, cache=tmp_path)
    _same(fresh, second)
    assert second.all_versions()[0] is not first.all_versions()[0]


def test_a_hit_imports_neither_yaml_nor_pydantic_nor_jsonschema(tmp_path: Path) -> None:
    import subprocess
    import sys

    load_definitions(BUNDLED, cache=tmp_path)
    code = (
        "import sys; from workflow import load_definitions; "
        f"s = load_definitions({str(BUNDLED)!r}, cache={str(tmp_path)!r}); "
        "print(sorted(m for m in ('yaml', 'pydantic', 'jsonschema', 'workflow.loader') if m in sys.modules), len(s))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[] 2"


def _tamper(entry: Path, change: str, into: str) -> None:
    mac, _, content = entry.read_bytes().partition(b"\n")
    assert change.encode() in content
    entry.write_bytes(mac + b"\n" + content.replace(change.encode(), into.encode(), 1))


def test_an_edited_entry_is_ignored_and_replaced(tmp_path: Path) -> None:
    source = BUNDLED / "assignment.yaml"
    fresh = load_definitions(source)
    load_definitions(source, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    # a client-side role allowed to confirm receipt: the rules changed, the MAC no longer matches
    _tamper(entry, '"accountmanager"', '"ambtelijk_opdrachtgever"')
    tampered = entry.read_bytes()
    _same(fresh, load_definitions(source, cache=tmp_path))
    assert entry.read_bytes() != tampered  # compiled again and written whole
    _same(fresh, load_definitions(source, cache=tmp_path))


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", b"0" * 64 + b"\n{}", b"\xff\xfe" * 100],
    ids=["empty", "garbage", "bad-mac", "binary"],
)
def test_a_corrupt_entry_is_a_miss_and_is_rewritten(tmp_path: Path, content: bytes) -> None:
    source = FIXTURES / "valid" / "mini.yaml"
    fresh = load_definitions(source)
    load_definitions(source, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    entry.write_bytes(content)
    _same(fresh, load_definitions(source, cache=tmp_path))
    assert entry.read_bytes() != content  # written again, whole


def test_an_entry_from_another_cache_is_not_trusted(tmp_path: Path) -> None:
    """Another cache (another user, machine or copy) has another key: its entries fail the MAC."""
    source = BUNDLED / "assignment.yaml"
    mine, theirs = tmp_path / "mine", tmp_path / "theirs"
    load_definitions(source, cache=mine)
    load_definitions(BUNDLED / "evenementenadvies.yaml", cache=theirs)
    (entry,) = _entries(mine)
    forged = theirs / entry.name
    shutil.copy(entry, forged)
    _forge(forged, (mine / "key").read_bytes(), b'"accountmanager"', b'"ambtelijk_opdrachtgever"')
    _same(load_definitions(source), load_definitions(source, cache=theirs))


def test_a_valid_entry_for_other_code_or_another_file_is_not_used(tmp_path: Path) -> None:
    """An entry whose fingerprint or checksum differs is refused even with a good MAC (as a same-user writer
    who knows the key could make it: see the module's residual risk)."""
    source = FIXTURES / "valid" / "mini.yaml"
    fresh = load_definitions(source)
    load_definitions(source, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    key = (tmp_path / "key").read_bytes()
    for field, value in (("fingerprint", "0" * 64), ("checksum", "1" * 64), ("format", 0)):
        _, _, content = entry.read_bytes().partition(b"\n")
        document = json.loads(content)
        document[field] = value
        body = json.dumps(document).encode()
        entry.write_bytes(hmac.new(key, body, hashlib.sha256).hexdigest().encode() + b"\n" + body)
        _same(fresh, load_definitions(source, cache=tmp_path))


def test_an_entry_decodes_to_model_classes_only(tmp_path: Path) -> None:
    """A class name outside the model's own is refused (no pickle, no import by name), even with a good MAC."""
    source = FIXTURES / "valid" / "mini.yaml"
    fresh = load_definitions(source)
    load_definitions(source, cache=tmp_path)
    (entry,) = _entries(tmp_path)
    _forge(entry, (tmp_path / "key").read_bytes(), b'["D","Role"', b'["D","Popen"')
    _same(fresh, load_definitions(source, cache=tmp_path))


def test_a_changed_file_is_a_miss(tmp_path: Path) -> None:
    source = tmp_path / "mini.yaml"
    source.write_text((FIXTURES / "valid" / "mini.yaml").read_text())
    cache = tmp_path / "cache"
    load_definitions(source, cache=cache)
    source.write_text(source.read_text() + "\n# changed\n")
    changed = load_definitions(source, cache=cache)
    _same(load_definitions(source), changed)
    assert len(_entries(cache)) == 2


def test_a_cache_others_may_write_is_not_used(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir(mode=0o777)
    cache.chmod(0o777)
    source = FIXTURES / "valid" / "mini.yaml"
    _same(load_definitions(source), load_definitions(source, cache=cache))
    assert _entries(cache) == []


def test_a_group_writable_cache_is_neither_read_nor_written(tmp_path: Path) -> None:
    source = FIXTURES / "valid" / "mini.yaml"
    cache = tmp_path / "cache"
    load_definitions(source, cache=cache)
    (entry,) = _entries(cache)
    entry.unlink()
    cache.chmod(0o770)
    _same(load_definitions(source), load_definitions(source, cache=cache))
    assert _entries(cache) == []
    cache.chmod(0o700)
    load_definitions(source, cache=cache)
    (entry,) = _entries(cache)
    _forge(entry, (cache / "key").read_bytes(), b'"clerk"', b'"nobody"')
    entry.chmod(0o666)  # an entry others may write is not read, whatever its MAC
    _same(load_definitions(source), load_definitions(source, cache=cache))
    assert entry.stat().st_mode & 0o777 == 0o600  # replaced by a fresh one
