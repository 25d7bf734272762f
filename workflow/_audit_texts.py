"""The texts of the checkpoint's signature, owner and key errors, of paging the log, of a read-only
engine's refusal and of the breaks ``verify`` names (``audit.break.*``: the kind's words,
``audit.detail.*``: what was found), and counted nouns (``count.*``: "1 zaak", "2 zaken"), nl and en.

Data only, merged into :data:`workflow._speech.ERRORS` (so :func:`workflow._speech.say` and the catalogue know them).
"""

from __future__ import annotations

__all__ = ["AUDIT_EN", "AUDIT_NL"]

AUDIT_NL: dict[str, str] = {
    "error.kind.event": "gebeurtenis",
    "error.hint.event_page": "geef zaak en volgnummer van de laatste gebeurtenis van de vorige pagina",
    "audit.after_position": (
        "after: een positie in het logboek ({after}) is alleen voor de beheerder (zonder actor); "
        "blader als reviewer met zaak en volgnummer van de laatste gebeurtenis: after=(zaak, volgnummer)"
    ),
    "audit.checkpoint_owners": (
        "het controlepunt heeft formaat {format}: het zegt niet van wie elke zaak is, dus het kan niet "
        "vergeleken worden voor wie maar een deel van de zaken ziet; verwacht formaat {expected} — laat de "
        "beheerder een nieuw controlepunt maken (wf audit checkpoint), of vergelijk zonder --actor"
    ),
    "audit.unsigned": (
        "het controlepunt is niet ondertekend; verwacht een handtekening met de opgegeven publieke sleutel "
        "(maak controlepunten met wf audit checkpoint --key)"
    ),
    "audit.bad_signature": (
        "de handtekening van het controlepunt is niet gezet met de opgegeven publieke sleutel: het is opnieuw "
        "ondertekend of vervalst; gebruik alleen controlepunten die met uw eigen sleutel zijn ondertekend"
    ),
    "audit.not_private_key": "geen Ed25519-privésleutel in PEM; maak er een met `wf audit keygen`",
    "audit.not_public_key": (
        "geen Ed25519-publieke sleutel in PEM; gebruik het .pub-bestand dat `wf audit keygen` schreef"
    ),
    "audit.key_kind": "de sleutel is een {kind}, geen Ed25519; {hint}",
    "audit.key_hint.private": "maak er een met `wf audit keygen`",
    "audit.key_hint.public": "gebruik het .pub-bestand van `wf audit keygen`",
    "storage.read_only": (
        "{operation} zou in de database schrijven, maar deze engine heeft haar alleen-lezen geopend "
        "({option}, wf {flag}); open haar zonder alleen-lezen om iets te wijzigen"
    ),
    "storage.op.transaction": "een transactie",
    "storage.op.start": "zaak starten ({workflow})",
    "storage.op.fire": "stap '{transition}'",
    "storage.op.import": "importeren",
    "storage.op.timers": "verlopen termijnen afhandelen",
    "audit.where.case": "zaak {case}",
    "audit.where.event": "zaak {case} gebeurtenis {seq}",
    "audit.where.log": "auditlog",
    "audit.where.definition": "definitie {case}",
    "audit.break.content_changed": "inhoud gewijzigd",
    "audit.break.event_removed": "gebeurtenis verwijderd",
    "audit.break.event_inserted": "gebeurtenis ingevoegd",
    "audit.break.order_changed": "volgorde gewijzigd",
    "audit.break.head_mismatch": "kop wijkt af",
    "audit.break.case_removed": "zaak verwijderd",
    "audit.break.case_rewritten": "zaak herschreven",
    "audit.break.case_row_changed": "zaakregel gewijzigd",
    "audit.break.definition_changed": "definitie gewijzigd",
    "audit.break.case_inserted": "zaak ingevoegd",
    "audit.break.log_rewritten": "log herschreven",
    "audit.break.timer_changed": "termijnregel gewijzigd",
    "audit.break.request_changed": "verzoek gewijzigd",
    "audit.detail.hash": "de inhoud van de gebeurtenis past niet bij haar hash",
    "audit.detail.rehashed": (
        "de gebeurtenis is vervangen en opnieuw gehasht: gebeurtenis {seq} was aan een andere gekoppeld"
    ),
    "audit.detail.missing_one": "gebeurtenis {missing} ontbreekt",
    "audit.detail.missing_many": "gebeurtenissen {missing} ontbreken",
    "audit.detail.count": "{found} gevonden, de zaak vermeldt er {count}",
    "audit.detail.none_found": "de zaak vermeldt {count}; er is er geen gevonden",
    "audit.detail.no_case": "gebeurtenissen van een zaak die niet bestaat",
    "audit.detail.not_in_chain": (
        "gebeurtenis {previous} zat niet in de keten: gebeurtenis {seq} volgt op gebeurtenis {follows}"
    ),
    "audit.detail.moved": "de gebeurtenis die als nummer {written} is geschreven, staat op {seq}",
    "audit.detail.head": "de kop-hash van de zaak is niet de hash van haar laatste gebeurtenis",
    "audit.detail.definition_text": (
        "de opgeslagen tekst geeft niet meer de controlesom die de gebeurtenissen van haar zaken noemen"
    ),
    "audit.detail.definition_named": "{definition} is niet de definitie die de gebeurtenis noemt",
    "audit.detail.case_row": "de zaakregel wijkt af in {fields} van wat haar gebeurtenissen vastleggen",
    "audit.detail.request": "de opgeslagen hash van het verzoek is niet de hash van het verzoek dat ze vastlegt",
    "audit.detail.timer_orphans": "termijnregels van een zaak zonder gebeurtenissen",
    "audit.detail.timer_count": "{stored} opgeslagen, de gebeurtenissen laten er {expected} achter",
    "audit.detail.timer_fields": (
        "termijn {number} van de zaak wijkt af in {fields} van wat de gebeurtenissen achterlaten"
    ),
    "audit.detail.case_removed": "de zaak bestond bij het controlepunt van {when}",
    "audit.detail.case_rewritten": "gebeurtenis {seq} is niet de gebeurtenis die het controlepunt van {when} vastlegde",
    "audit.detail.case_inserted": (
        "haar gebeurtenissen staan in het log vóór het controlepunt van {when}, dat de zaak niet kent"
    ),
    "audit.detail.inserted_before": (
        "gebeurtenis {seq} staat in het log vóór het controlepunt van {when}, dat er {recorded} vastlegde"
    ),
    "audit.detail.log_rewritten": (
        "het log tot positie {high} is niet het log dat het controlepunt van {when} vastlegde ({found}, het "
        "controlepunt legde er {recorded} vast): gebeurtenissen verwijderd, verplaatst of hernummerd"
    ),
    "audit.field.state": "status",
    "audit.field.data": "gegevens",
    "audit.field.version": "versie",
    "audit.field.flags": "markeringen",
    "audit.field.other": "'{name}'",
    "count.case.one": "{n} zaak",
    "count.case.many": "{n} zaken",
    "count.event.one": "{n} gebeurtenis",
    "count.event.many": "{n} gebeurtenissen",
    "count.break.one": "{n} breuk",
    "count.break.many": "{n} breuken",
    "count.timer.one": "{n} termijnregel",
    "count.timer.many": "{n} termijnregels",
    "count.step.one": "{n} stap",
    "count.step.many": "{n} stappen",
    "count.refusal.one": "{n} weigering",
    "count.refusal.many": "{n} weigeringen",
}

AUDIT_EN: dict[str, str] = {
    "error.kind.event": "event",
    "error.hint.event_page": "pass the case and number of the last event of the previous page",
    "audit.after_position": (
        "after: a position in the log ({after}) is for the operator (no actor) only; "
        "as a reviewer, page with the case and number of the last event: after=(case_id, seq)"
    ),
    "audit.checkpoint_owners": (
        "the checkpoint has format {format}: it does not say whose each case is, so it cannot be compared "
        "for a reviewer who sees only some cases; expected format {expected} — have the operator take a new "
        "checkpoint (wf audit checkpoint), or compare without --actor"
    ),
    "audit.unsigned": (
        "the checkpoint is not signed; expected a signature by the given public key "
        "(make checkpoints with wf audit checkpoint --key)"
    ),
    "audit.bad_signature": (
        "the checkpoint's signature is not one by the given public key: it was re-signed or forged; "
        "use only checkpoints signed with your own key"
    ),
    "audit.not_private_key": "not an Ed25519 private key in PEM; make one with `wf audit keygen`",
    "audit.not_public_key": "not an Ed25519 public key in PEM; use the .pub file `wf audit keygen` wrote",
    "audit.key_kind": "the key is a {kind}, not Ed25519; {hint}",
    "audit.key_hint.private": "make one with `wf audit keygen`",
    "audit.key_hint.public": "use the .pub file of `wf audit keygen`",
    "storage.read_only": (
        "{operation} would write, but this engine opened the database read-only "
        "({option}, wf {flag}); open it without read-only to change it"
    ),
    "storage.op.transaction": "a transaction",
    "storage.op.start": "start {workflow}",
    "storage.op.fire": "step '{transition}'",
    "storage.op.import": "import",
    "storage.op.timers": "running due timers",
    "audit.where.case": "case {case}",
    "audit.where.event": "case {case} event {seq}",
    "audit.where.log": "audit log",
    "audit.where.definition": "definition {case}",
    "audit.break.content_changed": "content changed",
    "audit.break.event_removed": "event removed",
    "audit.break.event_inserted": "event inserted",
    "audit.break.order_changed": "order changed",
    "audit.break.head_mismatch": "head mismatch",
    "audit.break.case_removed": "case removed",
    "audit.break.case_rewritten": "case rewritten",
    "audit.break.case_row_changed": "case row changed",
    "audit.break.definition_changed": "definition changed",
    "audit.break.case_inserted": "case inserted",
    "audit.break.log_rewritten": "log rewritten",
    "audit.break.timer_changed": "timer changed",
    "audit.break.request_changed": "request changed",
    "audit.detail.hash": "the event's content does not match its hash",
    "audit.detail.rehashed": "the event was replaced and re-hashed: event {seq} was chained to another one",
    "audit.detail.missing_one": "event {missing} is missing",
    "audit.detail.missing_many": "events {missing} are missing",
    "audit.detail.count": "{found} found, the case records {count}",
    "audit.detail.none_found": "the case records {count}; none found",
    "audit.detail.no_case": "events of a case that does not exist",
    "audit.detail.not_in_chain": "event {previous} was not in the chain: event {seq} follows event {follows}",
    "audit.detail.moved": "the event written as number {written} stands at {seq}",
    "audit.detail.head": "the case's head hash is not the hash of its last event",
    "audit.detail.definition_text": "its stored text no longer hashes to the checksum its cases' events name",
    "audit.detail.definition_named": "{definition} is not the definition the event names",
    "audit.detail.case_row": "the case row's {fields} differ from what its events record",
    "audit.detail.request": "its stored request hash is not the hash of the request it records",
    "audit.detail.timer_orphans": "timer rows of a case that has no events",
    "audit.detail.timer_count": "{stored} stored, its events leave {expected}",
    "audit.detail.timer_fields": "timer {number} of the case: its {fields} differ from what its events leave",
    "audit.detail.case_removed": "the case existed at the checkpoint of {when}",
    "audit.detail.case_rewritten": "event {seq} is not the one the checkpoint of {when} recorded",
    "audit.detail.case_inserted": (
        "its events stand in the log before the checkpoint of {when}, which does not know the case"
    ),
    "audit.detail.inserted_before": (
        "event {seq} stands in the log before the checkpoint of {when}, which recorded {recorded}"
    ),
    "audit.detail.log_rewritten": (
        "the log up to position {high} is not the one the checkpoint of {when} recorded "
        "({found}, the checkpoint recorded {recorded}): events removed, moved or renumbered"
    ),
    "audit.field.state": "state",
    "audit.field.data": "data",
    "audit.field.version": "version",
    "audit.field.flags": "flags",
    "audit.field.other": "'{name}'",
    "count.case.one": "{n} case",
    "count.case.many": "{n} cases",
    "count.event.one": "{n} event",
    "count.event.many": "{n} events",
    "count.break.one": "{n} break",
    "count.break.many": "{n} breaks",
    "count.timer.one": "{n} timer row",
    "count.timer.many": "{n} timer rows",
    "count.step.one": "{n} step",
    "count.step.many": "{n} steps",
    "count.refusal.one": "{n} refusal",
    "count.refusal.many": "{n} refusals",
}
