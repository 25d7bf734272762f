"""The definition file format, as pydantic models of the YAML document.

These models check the *shape* of a file (keys, types, id spelling) and are
the source of ``definitions/schema.json`` (:func:`format_schema`), so editors
validate exactly what the loader accepts.  Cross-references and graph checks
are the loader's job; the compiled result is :mod:`workflow.model`.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, field_validator

__all__ = [
    "DeadlineDoc",
    "DefinitionDoc",
    "FormatError",
    "GuardDoc",
    "RequirementDoc",
    "RoleDoc",
    "StateDoc",
    "SuspendsDoc",
    "TermDoc",
    "TransitionDoc",
    "format_schema",
    "parse_duration",
    "parse_warn_at",
]

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^[a-z][a-z0-9_.-]*$"
PATH_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)*$"
SOURCE_PATTERN = r"^([a-z][a-z0-9_]*|\*)$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=64)]
Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN, max_length=64)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Path = Annotated[str, StringConstraints(pattern=PATH_PATTERN, max_length=200)]


class FormatError(ValueError):
    """A value the format refuses, as a catalogue key (``definition.*``) and its parameters.

    The loader says it in the current language (this module sits below the
    catalogue); ``str()`` gives the key and parameters, for a traceback.
    """

    def __init__(self, key: str, **params: object) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}")


def _one_or_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


def _field_or_mapping(value: Any) -> Any:
    return {"field": value} if isinstance(value, str) else value


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, populate_by_name=False)


class RoleDoc(_Doc):
    """A role an actor can hold; ``side`` says which party it belongs to."""

    label: Text
    side: Literal["client", "agency"]
    description: Text | None = None
    read_only: bool = Field(False, description="May read every case, never fire (e.g. auditor).")


_DURATION = re.compile(
    r"^\s*(?P<n>\d{1,5})\s*(?P<unit>days?|calendar days?|working days?|weeks?|working weeks?"
    r"|dagen|dag|kalenderdagen|werkdagen|werkdag|weken|week)\s*$",
    re.IGNORECASE,
)
_ISO = re.compile(r"^P(?:(?P<w>\d{1,4})W|(?P<d>\d{1,5})D)$")


def parse_duration(text: str) -> tuple[int, bool]:
    """``"5 working days"`` → ``(5, True)``; ``"8 weeks"``/``"P8W"`` → ``(56, False)``.

    Raises :class:`FormatError` (a ValueError) naming the accepted forms when the text is not one of them.
    """
    match = _DURATION.match(text)
    if match:
        n, unit = int(match["n"]), match["unit"].lower()
        working = "working" in unit or "werk" in unit
        weekly = "week" in unit or "weken" in unit
        return (n * 5 if working else n * 7, working) if weekly else (n, working)
    iso = _ISO.match(text.strip())
    if iso:
        return (int(iso["w"]) * 7, False) if iso["w"] else (int(iso["d"]), False)
    raise FormatError("definition.duration", found=repr(text))


def parse_warn_at(value: str | float) -> float:
    """``"75%"`` or ``0.75`` → 0.75; must lie strictly between 0 and 1."""
    written = repr(value)
    if isinstance(value, str):
        if not re.fullmatch(r"\d{1,5}(\.\d{1,6})?%", value.strip()):
            raise FormatError("definition.warn_at_form", found=written)
        value = float(value.strip()[:-1]) / 100
    if not 0 < value < 1:
        raise FormatError("definition.warn_at_range", found=written)
    return float(value)


class DeadlineDoc(_Doc):
    """When time in a state runs out: ``within`` a duration or by a ``date`` from the data."""

    within: str | None = Field(None, description="e.g. '5 working days', '30 days', '8 weeks', 'P30D'")
    date: Path | None = Field(None, description="data path holding the due date (YYYY-MM-DD)")
    from_: Path | None = Field(
        None,
        alias="from",
        description="data path of the date a 'within' term counts from (default: entering the state)",
    )
    warn_at: str | float | None = Field(None, description="warning point as share of the term, e.g. '75%'")
    then: Id | None = Field(None, description="transition the system fires when the deadline passes")
    flag: Id | None = Field(None, description="flag raised on the case when the deadline passes")

    @field_validator("within")
    @classmethod
    def _within(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value

    @field_validator("warn_at")
    @classmethod
    def _warn_at(cls, value: str | float | None) -> str | float | None:
        if value is not None:
            parse_warn_at(value)
        return value


Amount = Annotated[int, Field(ge=0, le=1200)]


class ExtensionDoc(_Doc):
    """How far a term may be extended, once, and which roles hold the mandate to extend it."""

    days: Amount = 0
    weeks: Amount = 0
    months: Amount = 0
    roles: list[Id] = Field(min_length=1, description="the mandated roles: only they may extend the term")


class TermDoc(_Doc):
    """A legal term in calendar days/weeks/months from a date, under a rule (see docs/definitions.md, "Terms")."""

    label: Text | None = None
    days: Amount = 0
    weeks: Amount = 0
    months: Amount = 0
    from_: Path | None = Field(
        None,
        alias="from",
        description="data path of the date the term is counted from (e.g. application.received_on); "
        "leave out to count from the day the case enters 'starts_in'",
    )
    starts_in: Id | None = Field(
        None, description="state whose entry starts the term; leave out to start it with the case"
    )
    rule: Literal["atw", "backward"] = Field(
        "atw",
        description="atw: forward, rolled on past weekends and holidays (Atw art. 1 and 2); "
        "backward: counted back from the date (e.g. the event), never rolled",
    )
    runs_until: list[Id] = Field(min_length=1, description="states that end the term, whatever lies between")
    extendable: ExtensionDoc | None = None
    warn_at: str | float | None = Field(None, description="warning point as share of the term, e.g. '75%'")
    then: Id | None = Field(None, description="transition the system fires when the term has passed")
    flag: Id | None = Field(None, description="flag raised on the case when the term has passed")

    @field_validator("warn_at")
    @classmethod
    def _warn_at(cls, value: str | float | None) -> str | float | None:
        if value is not None:
            parse_warn_at(value)
        return value


class SuspendsDoc(_Doc):
    """The term a step suspends (opschorting) and the legal ground it rests on."""

    term: Id
    ground: Text = Field(description="the legal ground, e.g. 'Awb 4:15 lid 1 onder a'")


class StateDoc(_Doc):
    """One state of the workflow."""

    label: Text | None = None
    description: Text | None = None
    initial: bool = False
    final: bool = False
    deadline: DeadlineDoc | None = None
    pauses_clock: bool = Field(False, description="time here does not count towards the interrupted state's deadline")


class RequirementDoc(_Doc):
    """A data field that must hold a value; its blocker uses ``message``."""

    field: Path
    message: Text | None = None
    code: Code | None = None
    checks_input: bool = Field(
        False, description="the requirement is about what this step's own input supplies (see 'input')"
    )
    asks: Id | None = Field(None, description="the transition the message asks its reader to take or have taken")


class GuardDoc(_Doc):
    """A condition in the guard language; when false, a blocker with ``code`` and ``message``."""

    when: Annotated[str, StringConstraints(min_length=1)]
    code: Code
    message: Text
    field: Path | None = Field(None, description="the data field the message asks to fill in (named by its title)")
    asks: Id | None = Field(None, description="the transition the message asks its reader to take or have taken")
    checks_input: bool = Field(
        False,
        description="the guard validates this step's own input; without it, a guard reading a field the input "
        "may write is refused at load",
    )


class TransitionDoc(_Doc):
    """A named step from one or more states (or ``"*"``: every non-final state) to one state."""

    from_: Annotated[
        list[Annotated[str, StringConstraints(pattern=SOURCE_PATTERN, max_length=64)]],
        BeforeValidator(_one_or_list, json_schema_input_type=str | list[str]),
        Field(alias="from", min_length=1),
    ]
    to: Id | None = Field(None, description="target state; leave out for a step that keeps the state")
    label: Text | None = None
    description: Text | None = None
    roles: list[Id] = Field(min_length=1)
    requires: list[
        Annotated[RequirementDoc, BeforeValidator(_field_or_mapping, json_schema_input_type=Path | RequirementDoc)]
    ] = Field(default_factory=list)
    guards: list[GuardDoc] = Field(default_factory=list)
    input: list[Path] | dict[str, Any] | None = Field(
        None,
        description="the data fields this step may write: a list of data paths, or a JSON Schema (object) of "
        "its input; leave out for a step that writes nothing",
    )
    extends: str | None = Field(
        None, description="a staying step that extends its state's deadline once, e.g. '6 weeks'"
    )

    suspends: SuspendsDoc | None = Field(None, description="a legal term this step suspends, with its ground")
    resumes: Id | None = Field(None, description="a suspended legal term this step lets run again")
    extends_term: Id | None = Field(None, description="a legal term this step extends once (see the term's extendable)")
    appends: dict[Path, Path] | None = Field(
        None, description="input field -> list field: the input's value is appended to the list, never overwritten"
    )
    derive: dict[Path, Annotated[str, StringConstraints(min_length=1)]] | None = Field(
        None, description="data field -> expression: fields only the engine writes, computed after the step's input"
    )

    @field_validator("extends")
    @classmethod
    def _extends(cls, value: str | None) -> str | None:
        if value is not None:
            parse_duration(value)
        return value


class StartDoc(_Doc):
    """Starting a case: who may start it and which data fields the start may write."""

    description: Text | None = None
    roles: list[Id] | None = Field(
        None, description="the roles that may start a case; leave out for every role that may write"
    )
    input: list[Path] | dict[str, Any] | None = Field(
        None,
        description="the data fields a start may write: a list of data paths, or a JSON Schema (object); "
        "leave out and a case starts with no data",
    )


class ReportStepDoc(_Doc):
    """A step the report counts, and the field of its input it reads (a data path)."""

    transition: Id
    field: Path | None = None


class ReportResultsDoc(_Doc):
    """The step that records a result, and the paths of its text and highlight mark in the input."""

    transition: Id
    text: Path
    highlight: Path | None = None


class ReportDoc(_Doc):
    """What ``wf report`` measures, named in this definition's own terms (see docs/reports.md)."""

    task_kind: Path | None = Field(None, description="data path of the kind of task")
    funding: Path | None = Field(None, description="data path of how the work is paid")
    year: Path | None = Field(None, description="data path of the DVO year (integer)")
    hours_agreed: Path | None = Field(None, description="data path of the agreed hours")
    deadline: Path | None = Field(None, description="data path of the agreed delivery date")
    delivered: Id | None = Field(None, description="transition that delivers (met/missed against the deadline)")
    hours: ReportStepDoc | None = Field(None, description="the booking step and its hours field")
    meerwerk_requested: ReportStepDoc | None = None
    meerwerk_granted: Id | None = None
    meerwerk_declined: Id | None = None
    escalation_opened: Id | None = None
    escalation_resolved: Id | None = None
    satisfaction: ReportStepDoc | None = Field(None, description="the step where the client scores 1..10")
    results: ReportResultsDoc | None = None


class DefinitionDoc(_Doc):
    """A workflow definition file."""

    workflow: Id
    version: int = Field(ge=1)
    title: Text
    description: Text | None = None
    roles: dict[Id, RoleDoc] = Field(min_length=1)
    data: dict[str, Any] = Field(
        default_factory=lambda: {"type": "object"}, description="JSON Schema (2020-12) of the case data"
    )
    states: dict[Id, StateDoc] = Field(min_length=1)
    transitions: dict[Id, TransitionDoc] = Field(min_length=1)
    terms: dict[Id, TermDoc] = Field(default_factory=dict, description="legal terms by name")
    start: StartDoc | None = Field(
        None, description="who may start a case and what the start may write (without it: no data)"
    )
    report: ReportDoc | None = Field(None, description="the measures of wf report, mapped to this definition")


def format_schema() -> dict[str, Any]:
    """The JSON Schema of the definition format (what ``definitions/schema.json`` holds)."""
    schema = DefinitionDoc.model_json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://workflow.invalid/definition.schema.json",
        **schema,
    }
