"""The texts of the checkpoint's signature and key errors and of a read-only engine's refusal, nl and en.

Data only, merged into :data:`workflow._speech.ERRORS` (so :func:`workflow._speech.say` and the catalogue know them).
"""

from __future__ import annotations

__all__ = ["AUDIT_EN", "AUDIT_NL"]

AUDIT_NL: dict[str, str] = {
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
}

AUDIT_EN: dict[str, str] = {
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
}
