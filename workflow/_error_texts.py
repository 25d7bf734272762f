"""The texts of the library's errors, in Dutch (``NL``) and English (``EN``), keyed by stable names.

Data only: :mod:`workflow._speech` picks the language and fills in the parameters.
"""

from __future__ import annotations

__all__ = ["EN", "NL"]

NL: dict[str, str] = {
    # the exception tree
    "error.definition.one": "1 probleem in de werkstroomdefinitie; los het op en laad opnieuw:",
    "error.definition": "{count} problemen in de werkstroomdefinitie; los elk op en laad opnieuw:",
    "error.refused": "stap '{transition}' geweigerd:",
    "error.refused.start": "zaak starten ({workflow}) geweigerd:",
    "error.not_found": "{kind} {name} bestaat niet",
    "error.kind.case": "zaak",
    "error.kind.workflow": "werkstroom",
    "error.kind.definition": "definitie",
    "error.kind.transition": "stap",
    "error.kind.version": "versie",
    "error.kind.case_state": "zaakstand",
    "error.hint.page": "geef het zaaknummer van de laatste zaak van de vorige pagina",
    "error.hint.started": "de zaak is gestart op {moment}",
    "error.not_yet": "zaak {case} bestond op {moment} nog niet",
    "error.hint.known": "geladen werkstromen: {known}",
    "error.hint.transitions": "{workflow} v{version} kent: {known}",
    "error.hint.load_version": "laad het definitiebestand van die versie",
    "error.hint.list": "zie 'wf definitions list'",
    "error.none": "geen",
    "error.language": "onbekende taal '{value}'; kies uit {choices} (nl is de standaard)",
    # values given to the API
    "input.aware_at": "at moet een moment met tijdzone zijn (met UTC-verschil); gevonden: {found}",
    "input.at_future": "at {moment} ligt na nu ({now}); een stap is uiterlijk nu gedateerd",
    "input.limits_type": "limits moet een workflow.Limits zijn; gevonden: {kind}",
    "input.naive_clock": "de klok van de engine gaf een moment zonder tijdzone ({found}); geef een UTC-moment terug",
    "input.timedelta": "within moet een timedelta zijn; gevonden: {kind}",
    "input.within_range": (
        "within is te groot: nu plus {found} valt buiten de jaren 1 tot 9999; "
        "geef een kortere termijn, bijv. timedelta(days=3650)"
    ),
    "report.period_range": (
        "periode {period} valt buiten wat de engine kan rekenen; geef een periode tussen de jaren {lowest} en {highest}"
    ),
    "report.dvo_year": "dvo_year moet een jaartal tussen {lowest} en {highest} zijn; gevonden: {found}",
    "input.page_limit": "limit moet tussen 1 en 10000 liggen; gevonden: {found}",
    "input.whole": "{name} moet een geheel getal zijn; gevonden: {kind}",
    "input.datetime": "{name} moet een datetime zijn; gevonden: {kind}",
    "input.naive": "{name} is een moment zonder tijdzone ({found}); geef er een met tijdzone (bijv. tzinfo=UTC)",
    "input.limit_value": "grens {name} moet een geheel getal van minstens 1 zijn; gevonden: {found}",
    "input.text_type": "{name} moet tekst zijn; gevonden: {kind}",
    "input.text_empty": "{name} mag niet leeg zijn",
    "input.text_long": "{name} is {length} tekens lang, boven de grens {limit_name}van {limit}; maak het korter",
    "input.nul": "{name} bevat een NUL-teken (op positie {position}); haal het weg",
    "input.surrogate": (
        "{name} bevat een los surrogaat (op positie {position}), geen geldige tekst; stuur geldige UTF-8"
    ),
    "input.actor_type": "actor moet een workflow.Actor zijn; gevonden: {kind}; maak er een met Actor(id, roles)",
    "input.clock_type": "clock moet een functie zijn die het huidige moment geeft; gevonden: {kind}",
    "input.case_type": "het argument moet een {expected} zijn (bijv. van get); gevonden: {kind}",
    "input.argument_type": "{name} moet een {expected} zijn; gevonden: {kind}",
    "input.json_size": (
        "{name} is als JSON groter dan {size} bytes, boven de grens {limit_name} van {limit}; stuur minder"
    ),
    "input.data_after": "de zaakgegevens na deze stap",
    "input.json_object": "{name} moet een JSON-object zijn (een dict van namen naar waarden); gevonden: {kind}",
    "input.big_int": (
        "{name} is een geheel getal buiten ±2**53, dat niet elke JSON-lezer precies bewaart; stuur het als tekst"
    ),
    "input.digits": "{name} is een geheel getal van ongeveer {digits} cijfers, boven max_number_digits van {limit}",
    "input.not_finite": "{name} is {found}, dat JSON niet kan bevatten; stuur een eindig getal",
    "input.not_json": (
        "{name} is een {kind}; alleen JSON-waarden passen (tekst, getal, true/false, null, lijst, object)"
    ),
    "input.too_deep": "{name} is dieper genest dan max_depth van {limit} niveaus; maak het platter",
    "input.key_type": "{name} heeft een sleutel van type {kind}; sleutels moeten tekst zijn",
    "input.terms_key": (
        "de zaakgegevens mogen '{key}' niet bevatten: daar houdt de engine de wettelijke termijnen bij; laat het weg"
    ),
    "input.before_last": (
        "'{transition}' op zaak {case} is gedateerd {moment}, vóór de laatste wijziging van de zaak op {last}; "
        "de gebeurtenissen van een zaak volgen elkaar in de tijd: geef een moment op of na die wijziging "
        "(import: zet de gebeurtenissen van elke zaak op tijdsvolgorde)"
    ),
    "input.actor_id": "een actor heeft een niet-leeg tekstueel id nodig; gevonden: {found}",
    "input.actor_attributes": "actor-attributen moeten een mapping van namen naar JSON-waarden zijn; gevonden: {kind}",
    "input.actor_attribute_keys": (
        "actor-attribuut {where} moet een JSON-object met tekstsleutels zijn; gevonden sleutels: {found}"
    ),
    "input.actor_attribute_json": (
        "actor-attribuut {where} moet JSON zijn (tekst, getal, true/false, null, lijst, object); gevonden: {kind}"
    ),
    "input.reserved_role": (
        "actor '{actor}' claimt de gereserveerde rol(len) {roles}; alleen de termijnbewaking van de engine "
        "treedt op als system. Geef de actor de rollen uit uw definities."
    ),
    "input.connection_type": (
        "verwacht een SQLAlchemy Connection; gevonden: {kind}; geef de verbinding zelf mee "
        "(with engine.transaction() as conn: ... connection=conn)"
    ),
    "input.connection_other": (
        "de gegeven verbinding gaat naar {theirs}, niet naar de database van de engine {ours}; "
        "geef een verbinding met de eigen database van de engine (bijv. uit engine.transaction())"
    ),
    "input.connection_idle": (
        "op de gegeven verbinding is geen transactie begonnen; begin er eerst een "
        "(with conn.begin(): ...) of gebruik engine.transaction()"
    ),
    "input.period": "periode '{found}' is niet te lezen; geef 2026, 2026Q3, 2026-05 of 2026-01-01..2026-03-31",
    "input.no_report": (
        "werkstroom '{workflow}' heeft geen geladen versie met een report:-sectie; "
        "voeg er een toe (zie docs/reports.md) of kies een andere werkstroom met --workflow"
    ),
    # concurrent changes
    "conflict.changed": "zaak {case} is gewijzigd tijdens {what}; probeer het opnieuw",
    "conflict.firing": "stap '{transition}'",
    "conflict.recording": "het vastleggen van een gebeurtenis '{kind}'",
    "conflict.start_key": "idempotentiesleutel '{key}' is al gebruikt voor een andere start; gebruik een nieuwe",
    "conflict.step_key": (
        "idempotentiesleutel '{key}' is al gebruikt voor een ander verzoek op zaak {case} "
        "(gebeurtenis {seq}, '{transition}'); gebruik een nieuwe"
    ),
    "conflict.version": (
        "zaak {case} staat op versie {version}, niet op de verwachte {expected}; iemand heeft haar intussen "
        "gewijzigd: lees haar opnieuw en beslis opnieuw"
    ),
    "conflict.version_ahead": (
        "zaak {case} staat op versie {version}; de verwachte versie {expected} bestaat nog niet: "
        "geef de versie die u hebt gelezen"
    ),
    "conflict.concurrent": (
        "een gelijktijdige wijziging was eerder; {outcome}, lees de zaak opnieuw en probeer het nog eens"
        " (melding van de databasedriver: {reason})"
    ),
    # imports and the audit review
    "import.no_transition": ("{workflow} kent geen stap '{transition}'; koppel de activiteit aan een van: {known}"),
    "import.no_key": "een geïmporteerde stap van zaak {case} heeft een idempotentiesleutel nodig; er is er geen",
    "import.changed": (
        "brongebeurtenis '{key}' is eerder met andere inhoud in zaak {case} geïmporteerd (gebeurtenis {seq}, "
        "'{transition}'); de bron is veranderd: importeer haar als nieuwe zaken"
    ),
    "import.vanished": "zaak {case} verdween tijdens het importeren; probeer het opnieuw",
    "audit.not_checkpoint": (
        "geen controlepunt van het auditlog ({reason}); verwacht de JSON die `wf audit checkpoint -o` schrijft"
    ),
    "audit.checkpoint_changed": (
        "het controlepuntbestand past niet bij zijn eigen digest: het is na het schrijven gewijzigd"
    ),
    "audit.unreachable": (
        "de database is niet bereikbaar; controleer de URL en of u haar mag openen"
        " (melding van de databasedriver: {reason})"
    ),
    "log.mapping_names": "koppeling: {name} moet namen op namen afbeelden (tekst: tekst); gevonden: {found}",
    "log.mapping_unreadable": "de koppeling {path} is niet te lezen: {reason}",
    "log.mapping_shape": "de koppeling {path} vraagt 'workflow: <id>' en 'columns:'; gevonden: {found}",
    "log.timezone": "koppeling: onbekende tijdzone {zone}; gebruik een IANA-naam",
    "log.missing": "regel {line}: geen {field} (kolom {column}); elke gebeurtenis heeft er een nodig",
    "log.timestamp": "regel {line}: tijdstip {found} is geen ISO 8601 ({reason})",
    "log.no_file": "geen gebeurtenissenlog op {path}; geef het pad van een .csv- of .xes-bestand",
    "log.unreadable": "het gebeurtenissenlog {path} is niet te lezen als {fmt}: {reason}",
    # definitions
    "yaml.tag": "YAML-tag '{tag}' is niet toegestaan; schrijf gewone waarden",
    "yaml.key_plain": "een sleutel moet een gewone naam zijn, geen lijst of mapping",
    "yaml.duplicate": "sleutel '{key}' komt twee keer voor (eerst op regel {line}); elke naam mag één keer voorkomen",
    "yaml.syntax": "YAML-syntaxis: {reason}",
    "yaml.empty": "het bestand is leeg; verwacht een werkstroomdefinitie",
    "yaml.too_deep": "het document is te diep genest",
}

EN: dict[str, str] = {
    "error.definition.one": "1 problem in workflow definition; fix each and load again:",
    "error.definition": "{count} problems in workflow definition; fix each and load again:",
    "error.refused": "transition '{transition}' refused:",
    "error.refused.start": "starting a case ({workflow}) refused:",
    "error.not_found": "no {kind} {name}",
    "error.kind.case": "case",
    "error.kind.workflow": "workflow",
    "error.kind.definition": "definition",
    "error.kind.transition": "transition",
    "error.kind.version": "version",
    "error.kind.case_state": "case state",
    "error.hint.page": "pass the id of the last case of the previous page",
    "error.hint.started": "the case was started at {moment}",
    "error.not_yet": "case {case} did not exist yet at {moment}",
    "error.hint.known": "loaded workflows: {known}",
    "error.hint.transitions": "{workflow} v{version} has: {known}",
    "error.hint.load_version": "load the definition file of that version",
    "error.hint.list": "see 'wf definitions list'",
    "error.none": "none",
    "error.language": "unknown language '{value}'; choose one of {choices} (nl is the default)",
    "input.aware_at": "at must be an aware datetime (with its UTC offset), found {found}",
    "input.at_future": "at {moment} lies after now ({now}); a step is dated at most now",
    "input.limits_type": "limits must be a workflow.Limits, found {kind}",
    "input.naive_clock": "the engine's clock returned a naive datetime {found}; return an aware UTC moment",
    "input.timedelta": "within must be a timedelta, found {kind}",
    "input.within_range": (
        "within is too long: now plus {found} falls after the year 9999; give a shorter span, e.g. timedelta(days=3650)"
    ),
    "report.period_range": (
        "period {period} is outside what the engine can compute; give a period between the years {lowest} and {highest}"
    ),
    "report.dvo_year": "dvo_year must be a year between {lowest} and {highest}, found {found}",
    "input.page_limit": "limit must be between 1 and 10000, found {found}",
    "input.whole": "{name} must be a whole number, found {kind}",
    "input.datetime": "{name} must be a datetime, found {kind}",
    "input.naive": "naive datetime {found} for {name}; pass an aware moment (e.g. with tzinfo=UTC)",
    "input.limit_value": "limit {name} must be a whole number of at least 1, found {found}",
    "input.text_type": "{name} must be text, found {kind}",
    "input.text_empty": "{name} must not be empty",
    "input.text_long": "{name} is {length} characters long, over the limit {limit_name}of {limit}; shorten it",
    "input.nul": "{name} holds a NUL character (at position {position}); remove it",
    "input.surrogate": (
        "{name} holds a lone surrogate (at position {position}), which is not valid text; send valid UTF-8"
    ),
    "input.actor_type": "actor must be a workflow.Actor, found {kind}; build one as Actor(id, roles)",
    "input.clock_type": "clock must be a function giving the current moment, found {kind}",
    "input.case_type": "the argument must be a {expected} (e.g. from get), found {kind}",
    "input.argument_type": "{name} must be a {expected}, found {kind}",
    "input.json_size": "{name} is over {size} bytes as JSON, beyond the limit {limit_name} of {limit}; send less",
    "input.data_after": "the case's data after this step",
    "input.json_object": "{name} must be a JSON object (a dict of names to values), found {kind}",
    "input.big_int": "{name} is an integer outside ±2**53, which not every JSON reader keeps exactly; send it as text",
    "input.digits": "{name} is a whole number of about {digits} digits, over max_number_digits of {limit}",
    "input.not_finite": "{name} is {found}, which JSON cannot hold; send a finite number",
    "input.not_json": "{name} is a {kind}; only JSON values fit (text, number, true/false, null, list, object)",
    "input.too_deep": "{name} nests deeper than max_depth of {limit} levels; flatten it",
    "input.key_type": "{name} has a key of type {kind}; keys must be text",
    "input.terms_key": "the case data may not hold '{key}': the engine keeps the legal terms there; leave it out",
    "input.before_last": (
        "'{transition}' on case {case} is dated {moment}, before the case's last change at {last}; "
        "a case's events follow each other in time: give a moment at or after it "
        "(imports: order each case's events by time)"
    ),
    "input.actor_id": "an actor needs a non-empty text id, found {found}",
    "input.actor_attributes": "actor attributes must be a mapping of names to JSON values, found {kind}",
    "input.actor_attribute_keys": "actor attribute {where} must be a JSON object with text keys, found keys {found}",
    "input.actor_attribute_json": (
        "actor attribute {where} must be JSON (text, number, true/false, null, list, object); found {kind}"
    ),
    "input.reserved_role": (
        "actor '{actor}' claims the reserved role(s) {roles}; only the engine's own timer runner acts as "
        "system. Give the actor the roles of your definitions instead."
    ),
    "input.connection_type": (
        "expected a SQLAlchemy Connection, found {kind}; pass the connection itself "
        "(with engine.transaction() as conn: ... connection=conn)"
    ),
    "input.connection_other": (
        "the connection given is to {theirs}, not to the engine's database {ours}; "
        "pass a connection to the engine's own database (e.g. from engine.transaction())"
    ),
    "input.connection_idle": (
        "the connection given has no transaction begun; begin one first "
        "(with conn.begin(): ...) or use engine.transaction()"
    ),
    "input.period": "period '{found}' not understood; give 2026, 2026Q3, 2026-05 or 2026-01-01..2026-03-31",
    "input.no_report": (
        "workflow '{workflow}' has no loaded version with a report: section; "
        "add one (see docs/reports.md) or choose another workflow with --workflow"
    ),
    "conflict.changed": "case {case} changed while {what}; retry",
    "conflict.firing": "firing '{transition}'",
    "conflict.recording": "recording a '{kind}' event",
    "conflict.start_key": "idempotency key '{key}' was already used for a different start; use a new key",
    "conflict.step_key": (
        "idempotency key '{key}' was used for a different request on case {case} "
        "(event {seq}, '{transition}'); use a new key"
    ),
    "conflict.version": (
        "case {case} is at version {version}, not the expected {expected}; "
        "someone changed it meanwhile: read it again and decide anew"
    ),
    "conflict.version_ahead": (
        "case {case} is at version {version}; the expected version {expected} does not exist yet: "
        "give the version you read"
    ),
    "conflict.concurrent": (
        "a concurrent change got there first; {outcome}, read the case again and retry"
        " (the database driver said: {reason})"
    ),
    "import.no_transition": "{workflow} has no transition '{transition}'; map the activity to one of: {known}",
    "import.no_key": "an imported step of case {case} needs an idempotency key; found none",
    "import.changed": (
        "source event '{key}' was imported into case {case} before with other content (event {seq}, "
        "'{transition}'); the source changed: import it as new cases"
    ),
    "import.vanished": "case {case} vanished while importing; retry",
    "audit.not_checkpoint": (
        "not a workflow audit checkpoint ({reason}); expected the JSON written by `wf audit checkpoint -o`"
    ),
    "audit.checkpoint_changed": (
        "the checkpoint file does not match its own digest: it was changed after it was written"
    ),
    "audit.unreachable": (
        "cannot reach the database; check the URL and that you may open it (the database driver said: {reason})"
    ),
    "log.mapping_names": "mapping: {name} must map names to names (text: text), found {found}",
    "log.mapping_unreadable": "cannot read the mapping {path}: {reason}",
    "log.mapping_shape": "the mapping {path} needs 'workflow: <id>' and 'columns:'; found {found}",
    "log.timezone": "mapping: unknown timezone {zone}; use an IANA name",
    "log.missing": "line {line}: no {field} (column {column}); every event needs one",
    "log.timestamp": "line {line}: timestamp {found} is not ISO 8601 ({reason})",
    "log.no_file": "no event log at {path}; give the path of a .csv or .xes file",
    "log.unreadable": "cannot read the event log {path} as {fmt}: {reason}",
    "yaml.tag": "YAML tag '{tag}' is not allowed; write plain values",
    "yaml.key_plain": "a mapping key must be a plain name, not a list or mapping",
    "yaml.duplicate": "duplicate key '{key}' (first defined at line {line}); each name may appear once",
    "yaml.syntax": "YAML syntax: {reason}",
    "yaml.empty": "the file is empty; expected a workflow definition",
    "yaml.too_deep": "the document is nested too deeply",
}
