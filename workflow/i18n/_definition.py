"""What the definition loader says about a file, in Dutch and English (``definition.*`` keys).

Each problem of a definition file (:class:`workflow.errors.Problem`) is built
from one of these keys; the key is kept as the problem's stable ``code``.
Names from the file (ids, keys, paths) are filled in quoted, as written; the
YAML keys the author must write stay as they are (``'initial: true'``).
Placeholders in braces: both languages of a key take the same ones.
"""

from __future__ import annotations

__all__ = ["DEFINITION"]

_NL = {
    # the document as a whole
    "definition.not_mapping": "verwacht een mapping met de sleutels {keys}; gevonden: {found}",
    "definition.needs_entries": "{key}: geef een mapping met minstens één onderdeel; gevonden: {found}",
    "definition.bad_id": "{key}: id {name} mag alleen kleine letters, cijfers en _ bevatten (eerst een letter)",
    "definition.system_role": "rol {role} is voorbehouden aan de engine zelf; declareer die niet",
    "definition.data_not_mapping": "{key}: geef een JSON Schema (een mapping); gevonden: {found}",
    "definition.reserved_field": (
        "gegevensveld {name} is voorbehouden aan voorwaarden ({root}.id, ...); kies een andere naam"
    ),
    "definition.data_not_object": "{key}: de zaakgegevens zijn een object; gevonden type: {found}",
    "definition.bad_schema": (
        "{where}: geen geldig JSON Schema; {found} voldoet niet aan regel '{rule}' van het metaschema"
    ),
    "definition.duplicate_version": (
        "werkstroom {workflow} versie {number} staat ook in {other}; geef elke versie een eigen nummer"
    ),
    # states and the graph
    "definition.initial_and_final": "status {name} kan niet tegelijk begin- en eindstatus zijn; kies een van beide",
    "definition.final_pauses": "eindstatus {name} kan geen klok stilzetten; haal 'pauses_clock' weg",
    "definition.no_initial": "geen beginstatus; markeer precies één status met 'initial: true'",
    "definition.many_initial": "meer dan één beginstatus ({names}); laat 'initial: true' op één ervan staan",
    "definition.no_final": "geen eindstatus; markeer minstens één status met 'final: true'",
    "definition.leaves_final": "stap {step} vertrekt uit eindstatus {source}; uit een eindstatus leidt geen weg",
    "definition.unreachable": (
        "status {name} is niet bereikbaar vanuit beginstatus {initial}; voeg een stap ernaartoe toe of haal "
        "de status weg"
    ),
    "definition.dead_end": (
        "uit status {name} vertrekt geen stap, terwijl het geen eindstatus is; voeg een stap toe of markeer de "
        "status met 'final: true'"
    ),
    "definition.no_way_out": (
        "vanuit status {name} is geen eindstatus bereikbaar; voeg een stap naar een eindstatus toe"
    ),
    "definition.unknown": "onbekende {kind} {name}; gedeclareerde {kinds}: {known}",
    "definition.kind.state": "status",
    "definition.kind.states": "statussen",
    "definition.kind.role": "rol",
    "definition.kind.roles": "rollen",
    "definition.kind.transition": "stap",
    "definition.kind.transitions": "stappen",
    "definition.kind.term": "termijn",
    "definition.kind.terms": "termijnen",
    # deadlines
    "definition.deadline_one": "{key} van {name}: geef precies één van 'within' of 'date'",
    "definition.deadline_date": "{key}: datumveld {field} staat niet in het gegevensschema; declareer het daar",
    "definition.deadline_from": (
        "{key} 'from' {field}: geef het samen met 'within', als datumveld uit het gegevensschema"
    ),
    "definition.deadline_then": (
        "{key}: stap {then} moet vertrekken uit {name} en rol {system} noemen, zodat de engine hem kan uitvoeren"
    ),
    # input, ownership, requirements, guards
    "definition.input_unknown": "'input' noemt onbekend gegevensveld {field}; declareer het in het gegevensschema",
    "definition.input_not_object": "'input': de invoer van een stap of start is een object; gebruik 'type: object'",
    "definition.what.requirement": "vereiste {name}",
    "definition.what.guard": "voorwaarde {name}",
    "definition.fields.one": "veld {names}",
    "definition.fields.many": "velden {names}",
    "definition.self_satisfiable": (
        "{what} van stap {step} leest {fields}, en de invoer van {step} mag dat schrijven, dus wie {step} uitvoert "
        "kan er zelf aan voldoen; haal dat gegeven waar de actor het niet kan schrijven (actor.attributes, "
        "actors(...), gegevens van een andere stap) of markeer het met 'checks_input: true' als het alleen "
        "deze invoer controleert"
    ),
    "definition.marked_unread": (
        "{what} van stap {step} is gemarkeerd met 'checks_input', maar leest niets wat de invoer mag schrijven; "
        "haal de markering weg"
    ),
    "definition.extends_moves": "stap {step} verlengt een termijn en blijft dus in dezelfde status: laat {key} weg",
    "definition.extends_lacking": (
        "stap {step} verlengt een termijn, maar status(sen) {states} hebben er geen; geef ze een {key}"
    ),
    "definition.start_read_only": "rol {role} mag alleen lezen en kan geen zaak starten; haal die weg",
    "definition.requires_unknown": (
        "'requires' noemt onbekend gegevensveld {field}; declareer het in het gegevensschema (of in de "
        "invoer van de stap)"
    ),
    "definition.guard_duplicate": (
        "voorwaardecode {code} komt twee keer voor in deze stap; geef elke voorwaarde een eigen code"
    ),
    "definition.guard_field": (
        "voorwaarde {code} noemt onbekend gegevensveld {field}; declareer het in het gegevensschema"
    ),
    # appends, derive, asks
    "definition.engine_kept": (
        "de invoer van {step} schrijft {written}, maar {kept} houdt de engine bij ('appends'/'derive' van {by}); "
        "laat de invoer van elke stap het ongemoeid"
    ),
    "definition.asks_unknown": "'asks' noemt onbekende stap {name}",
    "definition.appends_not_input": "'appends': {source} is geen invoerveld van {step}; declareer het in 'input'",
    "definition.appends_not_list": "'appends': {target} is geen lijst (type: array) in het gegevensschema",
    "definition.derive_unknown": "'derive': {path} staat niet in het gegevensschema; declareer het daar",
    "definition.derive_problem": "'derive' {path}: {detail}",
    "definition.derive_history": (
        "'derive' {path}: een afgeleid veld leest de gegevens, niet de geschiedenis van de zaak; reken het anders uit"
    ),
    # legal terms
    "definition.term_length": (
        "termijn {name} heeft een lengte nodig: geef 'days', 'weeks' of 'months' (bijv. 'weeks: 8')"
    ),
    "definition.term_origin": (
        "termijn {name} telt vanaf niets: geef 'from' (een datumveld) of 'starts_in' (een status)"
    ),
    "definition.term_from": (
        "termijn {name} telt vanaf onbekend gegevensveld {field}; declareer het in het gegevensschema"
    ),
    "definition.term_backward": "termijn {name} wordt teruggerekend vanaf een datum en kan dus niet worden verlengd",
    "definition.term_extension": "de verlenging van termijn {name} heeft 'days', 'weeks' of 'months' nodig",
    "definition.then_system": "stap {then} moet rol {system} noemen, zodat de engine hem kan uitvoeren",
    "definition.writes_terms": "stap {step} mag {key} niet schrijven: daar houdt de engine de termijnen bij",
    "definition.extends_unextendable": (
        "stap {step} verlengt termijn {term}, maar die heeft geen 'extendable' (hoe ver, door wie); voeg dat toe"
    ),
    "definition.suspends_backward": (
        "stap {step} schort termijn {term} op, maar die wordt teruggerekend vanaf een datum en kan niet "
        "worden opgeschort"
    ),
    "definition.terms_reserved": (
        "gegevensveld {key} is voorbehouden: daar houdt de engine de wettelijke termijnen van de zaak bij; "
        "kies een andere naam"
    ),
    # report
    "definition.report_path": "{where}: gegevenspad {path} staat niet in het gegevensschema; declareer het daar",
    "definition.report_step": "{where}: onbekende stap {name}; gedeclareerde stappen: {known}",
    # durations and warning points (the format's own checks)
    "definition.duration": (
        "onbekende duur {found}; schrijf bijv. '5 werkdagen', '30 dagen', '8 weken', '5 working days' of ISO "
        "8601 'P30D'"
    ),
    "definition.warn_at_form": (
        "warn_at moet een percentage tussen 0% en 100% zijn, zoals '75%' (of een getal tussen 0 en 1, zoals "
        "0.75); gevonden: {found}"
    ),
    "definition.warn_at_range": (
        "warn_at moet tussen 0% en 100% liggen (0% en 100% zelf niet), zoals '75%' (of een getal tussen 0 en 1, "
        "zoals 0.75); gevonden: {found}"
    ),
}

_EN = {
    "definition.not_mapping": "expected a mapping with the keys {keys}; found {found}",
    "definition.needs_entries": "{key}: expected a mapping with at least one entry, found {found}",
    "definition.bad_id": "{key}: id {name} must be lower case letters, digits and _ (starting with a letter)",
    "definition.system_role": "role {role} is reserved for the engine's own actor; do not declare it",
    "definition.data_not_mapping": "{key}: expected a JSON Schema mapping, found {found}",
    "definition.reserved_field": "data field {name} is reserved for guards ({root}.id, ...); choose another name",
    "definition.data_not_object": "{key}: the case data is an object; found type {found}",
    "definition.bad_schema": "{where}: not a valid JSON Schema; {found} breaks rule '{rule}' of the meta-schema",
    "definition.duplicate_version": (
        "workflow {workflow} version {number} is also defined in {other}; give each version its own number"
    ),
    "definition.initial_and_final": "state {name} cannot be both initial and final; choose one",
    "definition.final_pauses": "final state {name} cannot pause a clock; remove 'pauses_clock'",
    "definition.no_initial": "no initial state; mark exactly one state with 'initial: true'",
    "definition.many_initial": "more than one initial state ({names}); keep 'initial: true' on one",
    "definition.no_final": "no final state; mark at least one state with 'final: true'",
    "definition.leaves_final": "transition {step} leaves final state {source}; a final state has no way out",
    "definition.unreachable": (
        "state {name} cannot be reached from the initial state {initial}; add a transition to it or remove it"
    ),
    "definition.dead_end": "state {name} is not final but no transition leaves it; add one or mark it 'final: true'",
    "definition.no_way_out": "no final state can be reached from state {name}; add a transition towards one",
    "definition.unknown": "unknown {kind} {name}; declared {kinds}: {known}",
    "definition.kind.state": "state",
    "definition.kind.states": "states",
    "definition.kind.role": "role",
    "definition.kind.roles": "roles",
    "definition.kind.transition": "transition",
    "definition.kind.transitions": "transitions",
    "definition.kind.term": "term",
    "definition.kind.terms": "terms",
    "definition.deadline_one": "{key} of {name}: give exactly one of 'within' or 'date'",
    "definition.deadline_date": "{key}: date field {field} is not in the data schema; declare it there",
    "definition.deadline_from": "{key} 'from' {field}: give it with 'within', a date field of the data schema",
    "definition.deadline_then": (
        "{key}: transition {then} must leave {name} and list role {system}, so the engine may fire it"
    ),
    "definition.input_unknown": "input names unknown data field {field}; declare it in the data schema",
    "definition.input_not_object": "input: the input of a step or start is an object; use 'type: object'",
    "definition.what.requirement": "requirement {name}",
    "definition.what.guard": "guard {name}",
    "definition.fields.one": "field {names}",
    "definition.fields.many": "fields {names}",
    "definition.self_satisfiable": (
        "{what} of transition {step} reads {fields}, which the input of {step} may write, so whoever fires "
        "{step} can satisfy it; take that fact from where the actor cannot write it (actor.attributes, "
        "actors(...), another step's data) or, if it only checks this input, mark it 'checks_input: true'"
    ),
    "definition.marked_unread": (
        "{what} of transition {step} is marked checks_input but reads nothing its input may write; remove the mark"
    ),
    "definition.extends_moves": "transition {step} extends a deadline, so it must keep the state: leave out {key}",
    "definition.extends_lacking": (
        "transition {step} extends a deadline, but state(s) {states} have none; give them a {key}"
    ),
    "definition.start_read_only": "role {role} is read-only and cannot start a case; remove it",
    "definition.requires_unknown": (
        "requires unknown data field {field}; declare it in the data schema (or the transition's input)"
    ),
    "definition.guard_duplicate": "duplicate guard code {code} in this transition; give each guard its own code",
    "definition.guard_field": "guard {code} names unknown data field {field}; declare it in the data schema",
    "definition.engine_kept": (
        "input of {step} writes {written}, but {kept} is kept by the engine (appends/derive of {by}); "
        "no step's input may write it"
    ),
    "definition.asks_unknown": "asks names unknown transition {name}",
    "definition.appends_not_input": "appends: {source} is not an input field of {step}; declare it in 'input'",
    "definition.appends_not_list": "appends: {target} is not a list (type: array) in the data schema",
    "definition.derive_unknown": "derive: {path} is not in the data schema; declare it there",
    "definition.derive_problem": "derive {path}: {detail}",
    "definition.derive_history": (
        "derive {path}: a derived field reads the data, not the case's history; compute it another way"
    ),
    "definition.term_length": "term {name} needs a length: give days, weeks or months (e.g. 'weeks: 8')",
    "definition.term_origin": "term {name} counts from nothing: give 'from' (a date field) or 'starts_in' (a state)",
    "definition.term_from": "term {name} counts from unknown data field {field}; declare it in the data schema",
    "definition.term_backward": "term {name} is counted back from a date; it cannot be extended",
    "definition.term_extension": "the extension of term {name} needs days, weeks or months",
    "definition.then_system": "transition {then} must list role {system}, so the engine may fire it",
    "definition.writes_terms": "transition {step} may not write {key}: the engine keeps the terms there",
    "definition.extends_unextendable": (
        "transition {step} extends term {term}, which has no 'extendable' (how far, by whom); add it"
    ),
    "definition.suspends_backward": (
        "transition {step} suspends term {term}, which is counted back from a date; such a term cannot be suspended"
    ),
    "definition.terms_reserved": (
        "data field {key} is reserved: the engine keeps the case's legal terms there; choose another name"
    ),
    "definition.report_path": "{where}: data path {path} is not in the data schema; declare it there",
    "definition.report_step": "{where}: unknown transition {name}; declared transitions: {known}",
    "definition.duration": (
        "unknown duration {found}; write e.g. '5 working days', '30 days', '8 weeks', '5 werkdagen' or ISO 8601 'P30D'"
    ),
    "definition.warn_at_form": (
        "warn_at must be a percentage between 0% and 100%, like '75%' (or a number between 0 and 1, like "
        "0.75); found {found}"
    ),
    "definition.warn_at_range": (
        "warn_at must lie between 0% and 100% (not 0% or 100% itself), like '75%' (or a number between 0 and 1, "
        "like 0.75); found {found}"
    ),
}

DEFINITION: dict[str, dict[str, str]] = {"nl": _NL, "en": _EN}
