"""Error messages quote at most a short excerpt of a file's keys and values (`wf definitions validate /etc/shadow`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from workflow import InvalidInput, read_mapping
from workflow.subscribers import SubscriberFileError, parse_subscribers
from workflow.textsafe import EXCERPT, excerpt, quoted

SECRET_TAIL = "S3CRET-HASH-TAIL"
LONG = "root:$6$saltsaltsalt$" + "h" * 80 + SECRET_TAIL


def shadow_like(tmp_path: Path) -> Path:
    """A file shaped like /etc/shadow: every line a long key (YAML reads ``a:b:c:::`` as a key)."""
    path = tmp_path / "shadow"
    path.write_text("".join(f"{LONG}{i}:20228:0:99999:7:::\n" for i in range(3)), encoding="utf-8")
    return path


def passwd_like(tmp_path: Path) -> Path:
    """A file shaped like /etc/passwd: one long folded text."""
    path = tmp_path / "passwd"
    path.write_text("".join(f"user{i}:x:{i}:{i}:User {i}:/home/u{i}:/bin/sh{SECRET_TAIL}\n" for i in range(5)))
    return path


def test_excerpt_and_quoted_cut_long_text() -> None:
    assert excerpt("short") == "short"
    assert excerpt("x" * 100) == "x" * (EXCERPT - 1) + "…"
    assert len(excerpt("x" * 100)) == EXCERPT
    assert quoted("abc") == "'abc'"
    assert quoted("y" * 100) == repr("y" * (EXCERPT - 1) + "…")
    assert quoted({"k": "v" * 100}).endswith("…")
    assert len(quoted({"k": "v" * 100})) == EXCERPT


@pytest.mark.parametrize("make", [shadow_like, passwd_like])
def test_wf_definitions_validate_quotes_no_whole_line_of_another_file(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    runner = CliRunner()
    for args in (["definitions", "validate", str(path)], ["--definitions", str(path), "definitions", "list"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert SECRET_TAIL not in result.output
        assert "…" in result.output
        for line in result.output.splitlines():
            assert len(line) < 400


@pytest.mark.parametrize("make", [shadow_like, passwd_like])
def test_an_import_mapping_quotes_no_whole_line_of_another_file(make, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path)
    with pytest.raises(InvalidInput) as raised:
        read_mapping(path)
    assert SECRET_TAIL not in str(raised.value)
    assert "…" in str(raised.value)
    log = tmp_path / "log.csv"
    log.write_text("case,activity,timestamp\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["--db", f"sqlite:///{tmp_path / 'wf.db'}", "import", str(log), "--mapping", str(path)]
    )
    assert result.exit_code == 2, result.output
    assert SECRET_TAIL not in result.output


def test_a_yaml_syntax_error_in_a_mapping_does_not_print_the_line(tmp_path: Path) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(f"workflow: x\nsecret {SECRET_TAIL}: a: b\n", encoding="utf-8")
    with pytest.raises(InvalidInput) as raised:
        read_mapping(path)
    assert SECRET_TAIL not in str(raised.value)
    assert "(2:" in str(raised.value)


def test_a_subscribers_file_quotes_an_excerpt_of_an_unknown_key_and_a_bad_value() -> None:
    text = f"""\
subscribers:
  - name: hook
    url: "ftp://{"u" * 80}{SECRET_TAIL}"
    {"k" * 80}{SECRET_TAIL}: 1
    secret: "0123456789abcdef"
"""
    with pytest.raises(SubscriberFileError) as raised:
        parse_subscribers(text, "subs.yaml")
    assert SECRET_TAIL not in str(raised.value)
    assert str(raised.value).count("…") == 2
