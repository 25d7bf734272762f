"""The command line's help in English (``wf --lang en --help``): plain data, cheap to import.

Keys: ``cli.help.<command path>`` for a command (``cli.help.wf`` for ``wf`` itself),
``cli.help.<command path>.<parameter>`` for an option, ``cli.help.opt.<parameter>`` for
an option shared by several commands (the global ones among them), ``cli.click.*``
for click's own words, ``cli.metavar.*`` for the placeholders of values.
"""

from __future__ import annotations

__all__ = ["HELP"]

HELP: dict[str, str] = {
    # click's own words
    "cli.click.usage": "Usage:",
    "cli.click.options": "Options",
    "cli.click.commands": "Commands",
    "cli.click.options_metavar": "[OPTIONS]",
    "cli.click.command_metavar": "COMMAND [ARGS]...",
    "cli.click.default": "default: {default}",
    "cli.click.required": "required",
    "cli.click.version": "{prog}, version {version}",
    "cli.help.opt.help": "Show this message and exit.",
    "cli.help.opt.version": "Show the version and exit.",
    # click's usage errors
    "cli.parse.try": "Try '{command} {option}' for help.",
    "cli.parse.no_option": "no such option: {name}",
    "cli.parse.no_command": "no such command '{name}'",
    "cli.parse.did_you_mean": "; did you mean {names}?",
    "cli.parse.missing_argument": "missing argument {name}",
    "cli.parse.missing_option": "missing option {name}",
    "cli.parse.choose": "choose from {choices}",
    "cli.parse.needs_value": "option {name} requires a value",
    "cli.parse.no_value": "option {name} does not take a value",
    "cli.parse.bad_value": "invalid value for {name}: {reason}",
    "cli.parse.expected": "expected {expected}; found {found}",
    "cli.parse.expect.integer": "a whole number",
    "cli.parse.expect.number": "a number",
    "cli.parse.expect.between": "a whole number from {min} to {max}",
    "cli.parse.expect.from": "a whole number of {min} or more",
    "cli.parse.expect.choice": "one of {choices}",
    "cli.parse.path.missing": "{file} does not exist",
    "cli.parse.path.directory": "{file} is a directory, not a file",
    "cli.parse.path.file": "{file} is a file, not a directory",
    "cli.parse.path.unreadable": "{file} is not readable",
    "cli.parse.path.unwritable": "{file} is not writable",
    "cli.parse.extra": "unexpected extra arguments: {args}",
    "cli.parse.command_missing": "missing command",
    "cli.parse.moment": "{value} is not a date or moment; write e.g. 2026-11-26 or 2026-11-26T14:30:00+01:00",
    # placeholders of values (the code's own are English)
    "cli.metavar.CASE": "CASE",
    "cli.metavar.SEQ": "SEQ",
    "cli.metavar.TRANSITION": "TRANSITION",
    "cli.metavar.WORKFLOW": "WORKFLOW",
    "cli.metavar.NAME": "NAME",
    "cli.metavar.FILE": "FILE",
    "cli.metavar.PATH": "PATH",
    "cli.metavar.TEXT": "TEXT",
    "cli.metavar.INTEGER": "INTEGER",
    "cli.metavar.INTEGER_RANGE": "INTEGER RANGE",
    "cli.metavar.TIMESTAMP": "TIMESTAMP",
    "cli.metavar.DATE": "DATE",
    "cli.metavar.DAYS": "DAYS",
    "cli.metavar.SECONDS": "SECONDS",
    "cli.metavar.KEY": "KEY",
    "cli.metavar.REF": "REF",
    "cli.metavar.ROLE": "ROLE",
    "cli.metavar.KIND": "KIND",
    "cli.metavar.TENANT": "TENANT",
    "cli.metavar.FIELD": "FIELD",
    "cli.metavar.DATUM": "DATE",
    # wf
    "cli.help.wf": (
        "wf — run assignments between public bodies on declared workflows.\n\n"
        "Definitions (YAML) declare states, transitions, roles and guards; the engine enforces them and records "
        "every attempt in an audit log. The global options may also follow the command (`wf case list --json`)."
    ),
    "cli.help.opt.db": (
        "Database URL [env WF_DATABASE_URL; default sqlite:///workflow.db]; a SQLite file is created on first use."
    ),
    "cli.help.opt.definitions": (
        "Definition file or folder [env WF_DEFINITIONS; default ./definitions, else the bundled ones]."
    ),
    "cli.help.opt.actor": "Who acts [env WF_ACTOR].",
    "cli.help.opt.roles": "A role of the actor; repeat for several [env WF_ROLE, space or comma separated].",
    "cli.help.opt.tenant": "The actor's organisation, for client-side roles [env WF_TENANT].",
    "cli.help.opt.attributes": (
        "An attribute of the actor, the value in JSON, e.g. mandate_limit_eur=250000; repeatable "
        "[env WF_ACTOR_ATTRIBUTES: one JSON object; the options win]. Vouched for by whoever runs wf, like --role."
    ),
    "cli.help.opt.limits": (
        "Change limits on requests, e.g. max_reason=2000,max_depth=8; repeatable "
        "[env WF_LIMITS, space or comma separated]; see docs/limits.md."
    ),
    "cli.help.opt.as_json": "Machine-readable output (JSON).",
    "cli.help.opt.read_only": (
        "Open the database read-only (a copy, a read-only file or folder); writes are refused [env WF_READ_ONLY]. "
        "Audit commands and `case show/list/history/explain` always read only."
    ),
    "cli.help.opt.lang": "Language of messages, help and times [env WF_LANG; default nl (Dutch)].",
    "cli.help.opt.log_level": "Log level (to stderr) [env WF_LOG_LEVEL; default warning]; debug also shows tracebacks.",
    "cli.help.opt.log_format": "Log line format [env WF_LOG_FORMAT; default console].",
    # options shared by several commands
    "cli.help.opt.case_id": "Only this case.",
    "cli.help.opt.workflow": "Only this workflow.",
    "cli.help.opt.tenant_filter": "Only this organisation's cases.",
    "cli.help.opt.actor_id": "Only this actor's events.",
    "cli.help.opt.role_used": "Only events where the actor acted in this role.",
    "cli.help.opt.transition": "Only this transition.",
    "cli.help.opt.kind": "Only these kinds of event: started, fired, refused, flagged (repeat, or a comma list).",
    "cli.help.opt.since": "Only events from this moment (inclusive).",
    "cli.help.opt.until": "Only events before this moment (exclusive).",
    "cli.help.opt.output": "Write to a file.",
    "cli.help.opt.mapping": "The column mapping.",
    # audit
    "cli.help.audit": (
        "Review the audit log: filter, export, verify it was not tampered with.\n\n"
        "Needs only --db (no definitions): reviewers can work on a copy of the database. Here --actor, --role and "
        "--tenant filter events; say who reviews before the command (`wf --actor ID --role ROLE --tenant ORG audit "
        "log`): a client-side reviewer sees only its own organisation's events, a read-only auditor all. Without "
        "--actor the caller is the trusted operator and sees everything."
    ),
    "cli.help.audit.checkpoint": (
        "Print a digest over every case's head hash and event count and the whole log, with its time."
    ),
    "cli.help.audit.checkpoint.output": (
        "Write the checkpoint (every case's count and head hash, the log-wide digest) to FILE; keep it elsewhere."
    ),
    "cli.help.audit.checkpoint.key_file": (
        "Sign with this Ed25519 private key (PEM, from wf audit keygen) [env WF_AUDIT_KEY: the PEM text]."
    ),
    "cli.help.audit.checkpoint.previous": (
        "The checkpoint before this one: the new one names it (a chain of checkpoints)."
    ),
    "cli.help.audit.export": (
        "Export audit events, streamed (memory stays flat however long the log).\n\n"
        "Rows and traces carry the case reference and the labels of transitions, states and roles beside their ids."
    ),
    "cli.help.audit.export.fmt": "csv or jsonl (log order), or XES for process mining (one trace per case).",
    "cli.help.audit.export.case_fields": (
        "Add this case data field (dotted path, e.g. applicant.city) to each trace / row; repeatable."
    ),
    "cli.help.audit.export.no_start": "Leave out each case's synthetic 'started' event.",
    "cli.help.audit.export.activity": "Name XES events by transition id or by its label.",
    "cli.help.audit.export.output": "Write to FILE (default stdout).",
    "cli.help.audit.keygen": (
        "Make an Ed25519 key pair for signing checkpoints. Keep the private key away from the database's hosts."
    ),
    "cli.help.audit.keygen.output": "Write the private key to FILE (mode 0600) and its public half to FILE.pub.",
    "cli.help.audit.log": (
        "Audit events in log order, filtered (JSON lines with --json). `--kind refused` shows who tried what."
    ),
    "cli.help.audit.log.limit": "At most this many events.",
    "cli.help.audit.log.after": (
        "Only events after this one: CASE:SEQ of the last one shown (paging); "
        "the operator (no --actor) also a position ID in the log."
    ),
    "cli.help.audit.verify": "Recompute every hash chain; name each break. Exit 0 intact, 1 broken.",
    "cli.help.audit.verify.case_id": "Only this case's chain.",
    "cli.help.audit.verify.checkpoint_file": (
        "Also compare with a checkpoint kept outside the database (finds removed or rewritten cases)."
    ),
    "cli.help.audit.verify.public_key": (
        "Accept the checkpoint only if signed with the key whose public half (PEM, from wf audit keygen) is in FILE."
    ),
    "cli.help.audit.verify.jobs": "Verify in this many processes side by side (large logs, several cores).",
    # case
    "cli.help.case": "Start cases, fire transitions, see what blocks them.",
    "cli.help.case.explain": "Say whether TRANSITION may be taken now, or every blocker; exit 0 allowed, 1 blocked.",
    "cli.help.case.explain.payload": "Input the transition would get.",
    "cli.help.case.fire": "Take TRANSITION on CASE; exit 1 with every blocker when the workflow says no.",
    "cli.help.case.fire.payload": "Input for the transition (a JSON object).",
    "cli.help.case.fire.reason": "Why; kept in the audit log.",
    "cli.help.case.fire.expect_version": "Only if the case is still at version N.",
    "cli.help.case.fire.key": "Idempotency key: a retry with the same key happens once.",
    "cli.help.case.history": "The case's audit events, oldest first (JSON lines with --json).",
    "cli.help.case.list": (
        "List cases, oldest first, one page at a time (JSON lines with --json).\n\n"
        "Here --tenant filters; give the actor's organisation before the command (`wf --tenant ORG case list`) "
        "or in WF_TENANT."
    ),
    "cli.help.case.list.state": "Only cases in this state.",
    "cli.help.case.list.limit": "Cases per page.",
    "cli.help.case.list.after": "Start after this case (the last id of the previous page).",
    "cli.help.case.list.overdue": "Only cases with a deadline that has passed.",
    "cli.help.case.list.due_within": "Only cases with a deadline in the next DAYS days (overdue ones included).",
    "cli.help.case.show": "Show a case: state, data, version, and each transition from here, allowed or blocked.",
    "cli.help.case.show.moment": "Show the case as it was at this moment, rebuilt from the log.",
    "cli.help.case.show.timeline": "Time in each state (calendar and working days), pauses, blockers.",
    "cli.help.case.start": "Start a case of WORKFLOW for --tenant (or the actor's tenant).",
    "cli.help.case.start.data": "Initial case data (a JSON object).",
    "cli.help.case.start.reference": "The case's reference in the client's own system.",
    "cli.help.case.start.key": "Idempotency key: a repeat with the same key starts nothing new.",
    # db
    "cli.help.db": "Prepare the database.",
    "cli.help.db.upgrade": "Create or bring the database schema up to date.",
    # definitions
    "cli.help.definitions": "List, validate, show and draw workflow definitions.",
    "cli.help.definitions.diagram": "Draw a workflow's states and transitions.",
    "cli.help.definitions.diagram.fmt": "Mermaid needs no extra software; DOT renders with Graphviz (dot -Tsvg).",
    "cli.help.definitions.diagram.version": "A specific version (default: the newest).",
    "cli.help.definitions.doc.version": "A specific version (default: the newest).",
    "cli.help.definitions.show.version": "A specific version (default: the newest).",
    "cli.help.definitions.doc": (
        "A Markdown page of a workflow: diagram, roles, states, transitions and guards.\n\n"
        "Writing over an existing page keeps its hand-written notes (below the marker line)."
    ),
    "cli.help.definitions.from-log": (
        "Propose a definition from an event log (CSV or XES): YAML to edit, then load.\n\n"
        "States after each activity, transitions from the directly-follows relation, roles from the groups; "
        "the workflow id is the mapping's."
    ),
    "cli.help.definitions.list": "List the loaded workflows (newest version of each).",
    "cli.help.definitions.schema": "Print the JSON Schema of the definition format (as in definitions/schema.json).",
    "cli.help.definitions.show": (
        "Show a workflow: roles, states, transitions with their roles, requirements and guards."
    ),
    "cli.help.definitions.validate": (
        "Check definitions; print each problem as file:line:col: message.\n\n"
        "PATH is a file or folder (default: the --definitions location). Exits 2 when any problem is found, "
        "0 when every file is clean."
    ),
    # demo
    "cli.help.demo": "Play one whole assignment on the bundled definition, then print its history.",
    "cli.help.demo.demo_db": (
        "Database for the demo (default: a fresh SQLite file in a temporary folder, removed when done unless --keep)."
    ),
    "cli.help.demo.year": "Play a seeded year for three gemeenten and write the HTML report.",
    "cli.help.demo.output": "Where --year writes the HTML report.",
    "cli.help.demo.keep": "Keep the temporary folder with the demo database to look further (removed without --keep).",
    # import
    "cli.help.import": (
        "Import each case of an event log with its original moments and actors.\n\n"
        "One transaction per case: a case with an event that cannot be imported is left out whole, and the report "
        "says which event and why. Running the same import again adds nothing. Exit 0 when every case is in, "
        "1 otherwise."
    ),
    "cli.help.import.trust_history": (
        "Record the history as it is, without role, guard and schema checks; every event is marked imported."
    ),
    "cli.help.import.report": "Also write the report as JSON.",
    # outbox
    "cli.help.outbox": "Deliver outbox messages to webhooks; list, retry and purge deliveries.",
    "cli.help.outbox.list": (
        "List deliveries, oldest message first.\n\n"
        "A message gets its deliveries (one per matching subscriber) only when a relay routes it; the text output "
        "says how many messages wait for that."
    ),
    "cli.help.outbox.list.status": "Only deliveries with this status.",
    "cli.help.outbox.list.subscriber": "Only this subscriber's deliveries.",
    "cli.help.outbox.list.limit": "At most this many deliveries.",
    "cli.help.outbox.purge": "Remove messages older than DAYS that reached every subscriber.",
    "cli.help.outbox.purge.days": "The age in days from which a delivered message goes.",
    "cli.help.outbox.relay": "Deliver outbox messages to the subscribers' webhooks (until stopped, or --once).",
    "cli.help.outbox.relay.path": "The subscribers YAML file.",
    "cli.help.outbox.relay.once": "Deliver what is due now, then stop.",
    "cli.help.outbox.relay.batch": "Messages per round.",
    "cli.help.outbox.relay.max_attempts": "Attempts before a delivery is dead.",
    "cli.help.outbox.retry": "Send dead deliveries again (due now, attempts reset).",
    "cli.help.outbox.retry.subscriber": "Only this subscriber's dead deliveries.",
    "cli.help.outbox.retry.case_id": "Only this case's dead deliveries.",
    # report
    "cli.help.report": (
        "Monitoring report from the audit log: running work, hours, deadlines, lead times, scores, results."
    ),
    "cli.help.report.clients": "Only this client (repeat for several).",
    "cli.help.report.period": "2026, 2026Q3, 2026-05 or 2026-01-01..2026-03-31 (default: this year).",
    "cli.help.report.first": "First day (with --to), instead of --period.",
    "cli.help.report.last": "Last day, inclusive (with --from).",
    "cli.help.report.dvo_year": "Only assignments of this DVO year.",
    "cli.help.report.workflow_name": "Workflow to report on.",
    "cli.help.report.fmt": (
        "Output format; without it: what -o's name says (.html, .json, .txt, a folder: csv), else text."
    ),
    "cli.help.report.output": "Write to this file (html, json, text) or folder (csv) instead of the screen.",
    "cli.help.report.no_verify": "Do not recompute the log's hash chains first (faster).",
    # term
    "cli.help.term": (
        "The end of a statutory term from DATE (YYYY-MM-DD or DD-MM-YYYY), by the Algemene termijnenwet."
    ),
    "cli.help.term.days": "Term in calendar days.",
    "cli.help.term.weeks": "Term in weeks.",
    "cli.help.term.months": "Term in calendar months.",
    "cli.help.term.backward": "Count back from DATE (no extension, Atw art. 1(2)).",
    # timers
    "cli.help.timers": "Act on deadlines that have passed.",
    "cli.help.timers.run": (
        "Fire each passed deadline's transition as the system actor, or raise its flag.\n\n"
        "Several runners may run side by side (processes or machines sharing one PostgreSQL): each deadline is "
        "handled exactly once."
    ),
    "cli.help.timers.run.once": "Handle what is due now, then stop (the default).",
    "cli.help.timers.run.every": ("Keep running: handle what is due, sleep SECONDS, repeat (Ctrl-C stops, exit 130)."),
}
