"""The texts of the definition loader's file-level problems (reading, size, encoding, the system's refusals),
in Dutch and English, keyed by stable names.

Data only, beside :mod:`workflow._error_texts`; :mod:`workflow._speech` merges them into its errors.
"""

from __future__ import annotations

__all__ = ["DEFINITION_EN", "DEFINITION_NL"]

DEFINITION_NL: dict[str, str] = {
    "definition.no_files": "geen *.yaml-definitiebestanden in deze map",
    "definition.no_such": "bestand of map bestaat niet",
    "definition.unreadable": "niet te lezen: {reason}",
    "definition.os.missing": "het bestand bestaat niet ({code})",
    "definition.os.denied": "geen leesrecht ({code}); vraag toegang of kopieer het bestand",
    "definition.os.folder": "dit is een map ({code}); noem een bestand",
    "definition.os.other": "het systeem weigert het lezen ({code})",
    "definition.too_large": "bestand groter dan {limit} bytes",
    "definition.not_utf8": (
        "geen UTF-8-tekst: byte {byte} op positie {position} past niet; sla het bestand op als UTF-8"
    ),
    "definition.changed": (
        "{workflow} versie {version} is gewijzigd sinds deze database haar voor het eerst gebruikte "
        "(opgeslagen checksum "
        "{stored}…, bestand {found}…); zaken zijn vastgepind op de oude tekst: verhoog '{key}' naar {next} "
        "en bewaar het oude bestand als zaken de oude versie nog gebruiken"
    ),
    "definition.tampered": (
        "de opgeslagen tekst van {workflow} versie {version} past niet meer bij haar checksum {stored}…: "
        "hij is in de database gewijzigd; zaken die eraan vastzitten worden niet behandeld — zet de "
        "oorspronkelijke tekst terug (`wf audit verify` toont wat er nog meer veranderde)"
    ),
}

DEFINITION_EN: dict[str, str] = {
    "definition.no_files": "no *.yaml definition files in this folder",
    "definition.no_such": "no such file or folder",
    "definition.unreadable": "cannot read: {reason}",
    "definition.os.missing": "the file does not exist ({code})",
    "definition.os.denied": "no permission to read ({code}); ask for access or copy the file",
    "definition.os.folder": "this is a folder ({code}); name a file",
    "definition.os.other": "the system refuses to read it ({code})",
    "definition.too_large": "file larger than {limit} bytes",
    "definition.not_utf8": "not UTF-8 text: byte {byte} at position {position} does not fit; save the file as UTF-8",
    "definition.changed": (
        "{workflow} version {version} changed since this database first used it (stored checksum {stored}…, "
        "file {found}…); cases are pinned to the old text: bump '{key}' to {next} and keep the old file "
        "if cases still use the old version"
    ),
    "definition.tampered": (
        "the stored text of {workflow} version {version} no longer hashes to its checksum {stored}…: it was "
        "changed in the database; cases pinned to it are not acted on — restore the original text "
        "(run `wf audit verify` to see what else changed)"
    ),
}
