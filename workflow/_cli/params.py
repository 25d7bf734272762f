"""Parameter types of the commands: moments, JSON objects inline or from a file, an audit event to page after."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from workflow._cli.failures import text as say
from workflow._cli.failures import usage
from workflow._cli.helping import helps

__all__ = ["MOMENT", "event_cursor", "json_object"]


class _Moment(click.ParamType[Any]):
    """An ISO 8601 date or moment; without an offset it is Dutch time (Europe/Amsterdam), as people here mean it."""

    name = "TIMESTAMP"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from datetime import datetime
        from zoneinfo import ZoneInfo

        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
        except ValueError:
            self.fail(helps("cli.parse.moment", value=repr(value)), param, ctx)
        return moment.replace(tzinfo=ZoneInfo("Europe/Amsterdam")) if moment.tzinfo is None else moment


MOMENT = _Moment()


def json_object(value: str | None, what: str) -> dict[str, Any]:
    """``--data``/``--input``: a JSON object, inline or ``@file.json``."""
    if value is None:
        return {}
    text = value
    if value.startswith("@"):
        try:
            text = Path(value[1:]).read_text(encoding="utf-8")
        except OSError as exc:
            usage(say("cli.usage.json_file", what=what, file=repr(value[1:]), reason=exc.strerror))
        except UnicodeDecodeError as exc:
            usage(say("cli.usage.json_utf8", what=what, file=repr(value[1:]), position=exc.start))
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        near = repr(exc.doc[exc.pos : exc.pos + 12]) if exc.pos < len(exc.doc) else say("cli.usage.json_end")
        usage(say("cli.usage.json_syntax", what=what, line=exc.lineno, column=exc.colno, near=near))
    except (ValueError, RecursionError):
        usage(say("cli.usage.json_big", what=what))
    if not isinstance(parsed, dict):
        usage(say("cli.usage.json_object", what=what, kind=type(parsed).__name__))
    return parsed


def event_cursor(after: str | None) -> int | tuple[str, int] | None:
    """--after CASE:SEQ (the last event shown) or, for the operator, a log position ID."""
    if after is None:
        return None
    case_id, _, seq = after.rpartition(":")
    if case_id and seq.isdigit():
        return case_id, int(seq)
    if after.isdigit():
        return int(after)
    usage(say("cli.audit.after", after=repr(after)))
