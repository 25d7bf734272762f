"""The command line's own words, in Dutch and English (``cli.*`` and ``time.*`` keys).

What a command prints comes from here; the help of the commands and options, and click's own words
and usage errors, from ``workflow/_cli/help_nl.py`` and ``help_en.py`` (plain data: ``wf --help`` imports
no library module).
"""

from __future__ import annotations

__all__ = ["CLI"]

_NL = {
    "cli.error": "fout: {message}",
    "cli.refused": "stap '{transition}' geweigerd:",
    "cli.refused.start": "zaak starten ({workflow}) geweigerd:",
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
    "cli.demo.cleaned": (
        "De tijdelijke demodatabase is weer opgeruimd. Om verder te kijken: wf demo --keep (bewaart hem) of "
        "wf demo --db URL (een database naar keuze)."
    ),
    "cli.import.no_actor": (
        "wf import neemt wie iets deed uit het logbestand (de kolommen resource, role en tenant van de "
        "mapping); --actor, --role en --tenant (of WF_ACTOR, WF_ROLE, WF_TENANT) gelden hier niet: laat ze weg "
        "en zet de organisatie met 'tenant:' in de mapping."
    ),
    # legal terms in case show
    "cli.term.line": "  termijn   {label}: uiterlijk {end}{notes}",
    "cli.term.suspended": "opgeschort sinds {since} ({ground})",
    "cli.term.expired": "VERSTREKEN",
    "cli.term.suspended_days": "{days} dagen opgeschort geweest",
    "cli.term.extended": "verdaagd op {on}",
    # the database and imports
    "cli.db.current": "Database gereed: {db} (schema {schema}, al bijgewerkt)",
    "cli.db.upgraded": "Database gereed: {db} (schema {before} -> {after})",
    "cli.db.none": "geen",
    "cli.import.progress": "importeren: {done}/{total} zaken",
    # usage
    "cli.usage.argument_utf8": "argument '{arg}' is geen geldige UTF-8-tekst; geef het als UTF-8",
    "cli.usage.file": "{file} is niet te gebruiken: {reason}",
    "cli.usage.value_utf8": "een waarde is geen geldige UTF-8-tekst ({reason}); geef UTF-8-tekst",
    "cli.usage.tenant": "geef --tenant ORG: de organisatie waar de zaak bij hoort",
    "cli.usage.actor_missing": (
        "{given} gegeven, maar geen --actor ID (of WF_ACTOR): zonder actor zou wf de hele database tonen als "
        "beheerder; geef --actor ID om als die persoon te werken, of laat {given} weg"
    ),
    "cli.usage.empty_log": "{file} bevat geen gebeurtenis die de koppeling kan lezen; controleer de kolommen",
    "cli.usage.json_file": "{what}: {file} is niet te lezen: {reason}",
    "cli.usage.json_utf8": "{what}: {file} is geen UTF-8-tekst (byte {position}); sla het op als UTF-8",
    "cli.usage.json_syntax": (
        "{what}: geen geldige JSON (fout op regel {line}, kolom {column}, bij {near}); "
        'verwacht een object als \'{{"note": "tekst"}}\' of @bestand.json'
    ),
    "cli.usage.json_big": "{what}: niet als JSON te lezen (te groot of te diep genest); geef een kleiner object",
    "cli.usage.json_end": "het einde van de tekst",
    "cli.usage.json_object": "{what}: verwacht een JSON-object; gevonden: {kind}",
    "cli.usage.actor": "deze opdracht vraagt een actor: geef --actor ID en --role ROL (of WF_ACTOR / WF_ROLE)",
    "cli.usage.attribute_form": (
        "--attribute neemt NAAM=JSON, bijv. mandate_limit_eur=250000 of naam='\"tekst\"'; gevonden: {found}"
    ),
    "cli.usage.attribute_json": (
        "{where}: {found} is geen JSON; geef een getal, true/false, of tekst tussen dubbele aanhalingstekens"
    ),
    "cli.usage.attributes_env": (
        "{env} moet één JSON-object zijn, bijv. '{{\"mandate_limit_eur\": 250000}}'; gevonden: {kind}"
    ),
    "cli.usage.limits": "--limits neemt NAAM=GETAL met NAAM een van {known}; gevonden: {found}",
    "cli.usage.once_every": "geef --once of --every SECONDEN, niet allebei",
    # the audit log
    "cli.audit.event": "#{id} zaak {case} ({workflow}, {tenant})",
    "cli.audit.event_seen": "zaak {case}:{seq} ({workflow}, {tenant})",
    "cli.audit.after": (
        "--after {after}: verwacht ZAAK:VOLGNUMMER, de laatste getoonde gebeurtenis (de beheerder ook een positie ID)"
    ),
    "cli.audit.kinds": "onbekende soort(en) {unknown}; kies uit {choices}",
    "cli.audit.unreadable": "{option}: {path} is niet te lezen: {reason}",
    "cli.audit.key_without_checkpoint": (
        "--public-key controleert de handtekening van een controlepunt: geef ook --checkpoint BESTAND"
    ),
    "cli.audit.signature.not_checked": (
        "let op: de handtekening van het controlepunt {file} is NIET gecontroleerd; "
        "geef --public-key BESTAND.pub (van wf audit keygen) om te zien dat het van u komt"
    ),
    "cli.audit.signature.unsigned": (
        "let op: het controlepunt {file} is niet ondertekend, dus wie de database kan schrijven kan het ook "
        "gemaakt hebben; maak controlepunten met wf audit checkpoint --key en controleer met --public-key"
    ),
    "cli.audit.keygen": "privésleutel {output}, publieke sleutel {public}",
    "cli.audit.keygen_exists": (
        "--output: {output} kan niet worden gemaakt: {reason} (een bestaande sleutel wordt nooit overschreven)"
    ),
    "cli.audit.os.exists": "het bestand bestaat al",
    "cli.audit.os.denied": "geen toestemming",
    "cli.audit.os.no_folder": "de map bestaat niet",
    "cli.audit.os.folder": "het is een map",
    "cli.audit.signed": "ondertekend ",
    "cli.audit.intact": "intact: {cases}, {events} gecontroleerd{against}",
    "cli.audit.against": " en in overeenstemming met het controlepunt",
    "cli.audit.broken": "GEBROKEN: {breaks} in {cases}, {events}:",
    "cli.audit.imported": ("geïmporteerde geschiedenis, vastgelegd zonder de controles van de engine: {imported}"),
    "cli.audit.checkpoint": "{signed}controlepunt {digest} op {moment} over {cases}{where}",
    "cli.audit.written": "; geschreven naar {output}",
    "cli.audit.keep": "; voeg -o BESTAND toe om de details te bewaren voor verify --checkpoint",
    "cli.audit.exported": "{count} geëxporteerd als {fmt}{where}",
    "cli.audit.exported_to": " naar {output}",
    # the outbox
    "cli.outbox.relayed": "{delivered} afgeleverd, {failed} mislukt, {dead} opgegeven",
    "cli.outbox.all_tenants": (
        "let op: abonnee {name} heeft geen 'tenants:' en krijgt de berichten van de zaken van elke organisatie; "
        "geef 'tenants: [ORG]' als de webhook van één organisatie is"
    ),
    "cli.outbox.retried.one": "1 opgegeven aflevering wordt opnieuw verstuurd",
    "cli.outbox.retried": "{count} opgegeven afleveringen worden opnieuw verstuurd",
    "cli.outbox.purged.one": "1 afgeleverd bericht verwijderd",
    "cli.outbox.purged": "{count} afgeleverde berichten verwijderd",
    "cli.outbox.unrouted": (
        "{count} bericht(en) nog niet gerouteerd: afleveringen ontstaan pas als `wf outbox relay` ze routeert"
    ),
    "cli.col.delivery": "aflevering",
    "cli.col.case": "zaak",
    "cli.col.seq": "volgnr",
    "cli.col.subscriber": "abonnee",
    "cli.col.attempts": "pogingen",
    "cli.col.last_error": "laatste fout",
    # timers
    "cli.timer.fired": "{case}  {state}: termijn verstreken, {transition} uitgevoerd",
    "cli.timer.refused": "{case}  {state}: termijn verstreken, {transition} GEWEIGERD",
    "cli.timer.flagged": "{case}  {state}: termijn verstreken, markering {flag} gezet",
    "cli.timer.stale": "{case}  {state}: termijn vervallen (de zaak is al verder)",
    # definitions
    "cli.col.title": "titel",
    "cli.col.states": "statussen",
    "cli.col.transitions": "stappen",
    "cli.col.file": "bestand",
    "cli.def.problems.one": "1 probleem gevonden.",
    "cli.def.problems": "{count} problemen gevonden.",
    "cli.def.valid.one": "OK: 1 geldige definitie ({names}).",
    "cli.def.valid": "OK: {count} geldige definities ({names}).",
    "cli.def.roles": "Rollen:",
    "cli.def.states": "Statussen:",
    "cli.def.transitions": "Stappen:",
    "cli.def.read_only": "  (alleen lezen)",
    "cli.def.side.client": "opdrachtgever",
    "cli.def.side.agency": "uitvoerder",
    "cli.def.initial": "begin",
    "cli.def.final": "eind",
    "cli.def.deadline": "termijn {text}",
    "cli.def.within.working": "{n} werkdagen",
    "cli.def.within.days": "{n} kalenderdagen",
    "cli.def.by": "uiterlijk op {field}",
    "cli.def.from": " vanaf {field}",
    "cli.def.stays": "(blijft)",
    "cli.def.step_roles": "      rollen: {roles}",
    "cli.def.requires": "      vereist {field}: {message}",
    "cli.def.guard": "      voorwaarde [{code}] {when}",
    "cli.def.appends": "      voegt {source} toe aan {target}",
    "cli.def.derives": "      berekent {path} = {expression}",
}

_EN = {
    "cli.error": "error: {message}",
    "cli.refused": "transition '{transition}' refused:",
    "cli.refused.start": "starting a case ({workflow}) refused:",
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
    "cli.demo.cleaned": (
        "The temporary demo database has been removed. To look further: wf demo --keep (keeps it) or "
        "wf demo --db URL (a database of your choice)."
    ),
    "cli.import.no_actor": (
        "wf import takes who acted from the log (the mapping's resource, role and tenant columns); --actor, "
        "--role and --tenant (or WF_ACTOR, WF_ROLE, WF_TENANT) do not apply: leave them out and set the "
        "organisation with 'tenant:' in the mapping."
    ),
    "cli.term.line": "  term      {label}: by {end}{notes}",
    "cli.term.suspended": "suspended since {since} ({ground})",
    "cli.term.expired": "EXPIRED",
    "cli.term.suspended_days": "{days} days suspended so far",
    "cli.term.extended": "extended on {on}",
    "cli.db.current": "Database ready: {db} (schema {schema}, already current)",
    "cli.db.upgraded": "Database ready: {db} (schema {before} -> {after})",
    "cli.db.none": "none",
    "cli.import.progress": "importing: {done}/{total} cases",
    "cli.usage.argument_utf8": "argument '{arg}' is not valid UTF-8 text; give it as UTF-8",
    "cli.usage.file": "cannot use {file}: {reason}",
    "cli.usage.value_utf8": "a value is not valid UTF-8 text ({reason}); give UTF-8 text",
    "cli.usage.tenant": "give --tenant ORG: the organisation the case belongs to",
    "cli.usage.actor_missing": (
        "{given} given, but no --actor ID (or WF_ACTOR): without an actor wf would show the whole database as "
        "the operator; give --actor ID to act as that person, or leave out {given}"
    ),
    "cli.usage.empty_log": "{file} holds no event the mapping can read; check its columns",
    "cli.usage.json_file": "{what}: cannot read {file}: {reason}",
    "cli.usage.json_utf8": "{what}: {file} is not UTF-8 text (byte {position}); save it as UTF-8",
    "cli.usage.json_syntax": (
        "{what}: not valid JSON (an error at line {line}, column {column}, at {near}); "
        'expected an object like \'{{"note": "text"}}\' or @file.json'
    ),
    "cli.usage.json_big": "{what}: cannot be read as JSON (too large or nested too deeply); give a smaller object",
    "cli.usage.json_end": "the end of the text",
    "cli.usage.json_object": "{what}: expected a JSON object, found {kind}",
    "cli.usage.actor": "this command needs an actor: give --actor ID and --role ROLE (or WF_ACTOR / WF_ROLE)",
    "cli.usage.attribute_form": (
        "--attribute takes NAME=JSON, e.g. mandate_limit_eur=250000 or name='\"text\"'; found {found}"
    ),
    "cli.usage.attribute_json": ("{where}: {found} is not JSON; give a number, true/false, or text in double quotes"),
    "cli.usage.attributes_env": "{env} must be one JSON object, e.g. '{{\"mandate_limit_eur\": 250000}}'; found {kind}",
    "cli.usage.limits": "--limits takes NAME=NUMBER with NAME one of {known}; found {found}",
    "cli.usage.once_every": "give --once or --every SECONDS, not both",
    "cli.audit.event": "#{id} case {case} ({workflow}, {tenant})",
    "cli.audit.event_seen": "case {case}:{seq} ({workflow}, {tenant})",
    "cli.audit.after": "--after {after}: expected CASE:SEQ, the last event shown (the operator also a position ID)",
    "cli.audit.kinds": "unknown kind(s) {unknown}; choose from {choices}",
    "cli.audit.unreadable": "{option}: cannot read {path}: {reason}",
    "cli.audit.key_without_checkpoint": "--public-key checks a checkpoint's signature: give --checkpoint FILE too",
    "cli.audit.signature.not_checked": (
        "note: the signature of checkpoint {file} was NOT checked; "
        "give --public-key FILE.pub (from wf audit keygen) to see that it is yours"
    ),
    "cli.audit.signature.unsigned": (
        "note: checkpoint {file} is not signed, so whoever can write the database could have made it too; "
        "make checkpoints with wf audit checkpoint --key and check them with --public-key"
    ),
    "cli.audit.keygen": "private key {output}, public key {public}",
    "cli.audit.keygen_exists": "--output: cannot create {output}: {reason} (an existing key is never overwritten)",
    "cli.audit.os.exists": "the file exists",
    "cli.audit.os.denied": "permission denied",
    "cli.audit.os.no_folder": "no such folder",
    "cli.audit.os.folder": "it is a folder",
    "cli.audit.signed": "signed ",
    "cli.audit.intact": "intact: {cases}, {events} verified{against}",
    "cli.audit.against": " and match the checkpoint",
    "cli.audit.broken": "BROKEN: {breaks} in {cases}, {events}:",
    "cli.audit.imported": "imported history, recorded without the engine's checks: {imported}",
    "cli.audit.checkpoint": "{signed}checkpoint {digest} at {moment} over {cases}{where}",
    "cli.audit.written": "; written to {output}",
    "cli.audit.keep": "; add -o FILE to keep the details for verify --checkpoint",
    "cli.audit.exported": "{count} exported as {fmt}{where}",
    "cli.audit.exported_to": " to {output}",
    "cli.outbox.relayed": "{delivered} delivered, {failed} failed, {dead} dead",
    "cli.outbox.all_tenants": (
        "note: subscriber {name} has no 'tenants:' and receives the messages of every organisation's cases; "
        "give 'tenants: [ORG]' when the webhook belongs to one organisation"
    ),
    "cli.outbox.retried.one": "1 dead delivery will be sent again",
    "cli.outbox.retried": "{count} dead deliveries will be sent again",
    "cli.outbox.purged.one": "1 delivered message removed",
    "cli.outbox.purged": "{count} delivered messages removed",
    "cli.outbox.unrouted": "{count} message(s) not yet routed: deliveries appear once `wf outbox relay` routes them",
    "cli.col.delivery": "delivery",
    "cli.col.case": "case",
    "cli.col.seq": "seq",
    "cli.col.subscriber": "subscriber",
    "cli.col.attempts": "attempts",
    "cli.col.last_error": "last error",
    "cli.timer.fired": "{case}  {state}: deadline passed, {transition} done",
    "cli.timer.refused": "{case}  {state}: deadline passed, {transition} REFUSED",
    "cli.timer.flagged": "{case}  {state}: deadline passed, flag {flag} raised",
    "cli.timer.stale": "{case}  {state}: deadline lapsed (the case has moved on)",
    "cli.col.title": "title",
    "cli.col.states": "states",
    "cli.col.transitions": "transitions",
    "cli.col.file": "file",
    "cli.def.problems.one": "1 problem found.",
    "cli.def.problems": "{count} problems found.",
    "cli.def.valid.one": "OK: 1 definition valid ({names}).",
    "cli.def.valid": "OK: {count} definitions valid ({names}).",
    "cli.def.roles": "Roles:",
    "cli.def.states": "States:",
    "cli.def.transitions": "Transitions:",
    "cli.def.read_only": "  (read only)",
    "cli.def.side.client": "client",
    "cli.def.side.agency": "agency",
    "cli.def.initial": "initial",
    "cli.def.final": "final",
    "cli.def.deadline": "deadline {text}",
    "cli.def.within.working": "{n} working days",
    "cli.def.within.days": "{n} calendar days",
    "cli.def.by": "by {field}",
    "cli.def.from": " from {field}",
    "cli.def.stays": "(stays)",
    "cli.def.step_roles": "      roles: {roles}",
    "cli.def.requires": "      requires {field}: {message}",
    "cli.def.guard": "      guard [{code}] {when}",
    "cli.def.appends": "      appends {source} -> {target}",
    "cli.def.derives": "      derives {path} = {expression}",
}

CLI: dict[str, dict[str, str]] = {"nl": _NL, "en": _EN}
