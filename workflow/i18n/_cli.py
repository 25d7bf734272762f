"""The command line's own words, in Dutch and English (``cli.*`` and ``time.*`` keys).

Click's option help stays in the code; what a command prints comes from here.
"""

from __future__ import annotations

__all__ = ["CLI"]

_NL = {
    "cli.error": "fout: {message}",
    "cli.refused": "stap '{transition}' geweigerd:",
    "cli.interrupted": "onderbroken (Ctrl-C); gestopt.",
    # times
    "time.by_day": "uiterlijk {day}",
    "time.by_moment": "uiterlijk {day} om {hour}",
    "time.hour": "{n} uur",
    "time.hours": "{n} uur",
    "time.days": "{n} dagen",
    # deadlines
    "cli.due.paused": "gepauzeerd (de klok staat stil)",
    "cli.due.overdue": "te laat sinds {since} ({span})",
    "cli.due.refused": ", de stap bij het verstrijken werd geweigerd",
    "cli.due.left": "nog {span}",
    "cli.due.warning": " (waarschuwing)",
    "cli.deadline": "  termijn     {state}: {due} — {status}; {action}",
    "cli.deadline.then": "daarna {transition}",
    "cli.deadline.flag": "markering {flag}",
    # a case
    "cli.case.title": "Zaak {id}  ({title}, {workflow} v{version})",
    "cli.case.as_of": "  zoals op {moment} (herbouwd uit het auditlog)",
    "cli.case.state": "  status      {label} ({state})",
    "cli.case.version": "  versie      {version}",
    "cli.case.tenant": "  organisatie {tenant}",
    "cli.case.reference": "   kenmerk {reference}",
    "cli.case.flags": "  markeringen {flags}",
    "cli.case.updated": "  gewijzigd   {moment}",
    "cli.case.data": "  gegevens    ",
    "cli.case.transitions_for": "Stappen vanaf hier voor {actor}:",
    "cli.case.transitions_anyone": "Stappen vanaf hier (geen --actor: rollen gecontroleerd alsof u elke rol hebt):",
    "cli.case.no_transitions": "Vanuit deze status gaat geen stap verder.",
    "cli.case.more": "(er kunnen meer volgen: --after {id})",
    "cli.allowed": "toegestaan",
    "cli.blocked": "geblokkeerd",
    "cli.none": "(geen)",
    # table headers
    "cli.col.id": "zaak",
    "cli.col.workflow": "werkstroom",
    "cli.col.state": "status",
    "cli.col.version": "versie",
    "cli.col.tenant": "organisatie",
    "cli.col.reference": "kenmerk",
    "cli.col.updated": "gewijzigd",
    "cli.col.due": "termijn",
    "cli.col.status": "stand",
    "cli.col.action": "actie",
    # steps
    "cli.started": "Zaak {id} gestart ({workflow} v{version}) voor {tenant}: {label} ({state}), versie {case_version}",
    "cli.fired": "{transition}: {source} -> {label} ({state}), versie {version}{replay}",
    "cli.replayed": " (herhaling: er is niets opnieuw gedaan)",
    "cli.explain.allowed": "'{transition}' is toegestaan voor {actor}: {source} -> {target}",
    "cli.explain.blocked": "'{transition}' is geblokkeerd voor {actor}:",
    # history
    "cli.event.started": "gestart -> {state}",
    "cli.event.fired": "{transition}: {source} -> {target}",
    "cli.event.refused": "{transition} GEWEIGERD in {source}",
    "cli.event.by": "door",
    "cli.event.reason": "       reden: {reason}",
    # the demo
    "cli.demo.refused": "    {who}: {transition} GEWEIGERD:",
    "cli.demo.started": "gestart in {state}",
    "cli.demo.log": "Auditlog van zaak {id}:",
    "cli.demo.more": "De demodatabase is {url}; kijk verder met:",
    "cli.import.no_actor": (
        "wf import neemt wie iets deed uit het logbestand (de kolommen resource, role en tenant van de "
        "mapping); --actor, --role en --tenant (of WF_ACTOR, WF_ROLE, WF_TENANT) gelden hier niet: laat ze weg "
        "en zet de organisatie met 'tenant:' in de mapping."
    ),
}

_EN = {
    "cli.error": "error: {message}",
    "cli.refused": "transition '{transition}' refused:",
    "cli.interrupted": "interrupted (Ctrl-C); stopped.",
    "time.by_day": "by {day}",
    "time.by_moment": "by {day} at {hour}",
    "time.hour": "{n} hour",
    "time.hours": "{n} hours",
    "time.days": "{n} days",
    "cli.due.paused": "paused (clock stopped)",
    "cli.due.overdue": "overdue since {since} ({span})",
    "cli.due.refused": ", its transition was refused",
    "cli.due.left": "{span} left",
    "cli.due.warning": " (warning)",
    "cli.deadline": "  deadline  {state}: {due} — {status}; {action}",
    "cli.deadline.then": "then {transition}",
    "cli.deadline.flag": "flag {flag}",
    "cli.case.title": "Case {id}  ({title}, {workflow} v{version})",
    "cli.case.as_of": "  as it was at {moment} (rebuilt from the audit log)",
    "cli.case.state": "  state     {label} ({state})",
    "cli.case.version": "  version   {version}",
    "cli.case.tenant": "  tenant    {tenant}",
    "cli.case.reference": "   reference {reference}",
    "cli.case.flags": "  flags     {flags}",
    "cli.case.updated": "  updated   {moment}",
    "cli.case.data": "  data      ",
    "cli.case.transitions_for": "Transitions from here for {actor}:",
    "cli.case.transitions_anyone": "Transitions from here (no --actor given: role checks as if you held every role):",
    "cli.case.no_transitions": "No transitions leave this state.",
    "cli.case.more": "(more may follow: --after {id})",
    "cli.allowed": "allowed",
    "cli.blocked": "blocked",
    "cli.none": "(none)",
    "cli.col.id": "id",
    "cli.col.workflow": "workflow",
    "cli.col.state": "state",
    "cli.col.version": "version",
    "cli.col.tenant": "tenant",
    "cli.col.reference": "reference",
    "cli.col.updated": "updated",
    "cli.col.due": "due",
    "cli.col.status": "status",
    "cli.col.action": "action",
    "cli.started": "Started case {id} ({workflow} v{version}) for {tenant}: {label} ({state}), version {case_version}",
    "cli.fired": "{transition}: {source} -> {label} ({state}), version {version}{replay}",
    "cli.replayed": " (replayed: nothing was done again)",
    "cli.explain.allowed": "'{transition}' is allowed for {actor}: {source} -> {target}",
    "cli.explain.blocked": "'{transition}' is blocked for {actor}:",
    "cli.event.started": "started -> {state}",
    "cli.event.fired": "{transition}: {source} -> {target}",
    "cli.event.refused": "{transition} REFUSED in {source}",
    "cli.event.by": "by",
    "cli.event.reason": "       reason: {reason}",
    "cli.demo.refused": "    {who}: {transition} REFUSED:",
    "cli.demo.started": "started in {state}",
    "cli.demo.log": "Audit log of case {id}:",
    "cli.demo.more": "The demo database is {url}; look further with:",
    "cli.import.no_actor": (
        "wf import takes who acted from the log (the mapping's resource, role and tenant columns); --actor, "
        "--role and --tenant (or WF_ACTOR, WF_ROLE, WF_TENANT) do not apply: leave them out and set the "
        "organisation with 'tenant:' in the mapping."
    ),
}

CLI: dict[str, dict[str, str]] = {"nl": _NL, "en": _EN}
