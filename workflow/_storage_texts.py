"""The texts of the storage errors (``storage.*``: the database URL, opening, the schema, read-only), nl and en.

Data only, merged into :data:`workflow._speech.ERRORS` (so :func:`workflow._speech.say` and the catalogue know them).
"""

from __future__ import annotations

__all__ = ["STORAGE_EN", "STORAGE_NL"]

STORAGE_NL: dict[str, str] = {
    "storage.outcome.hosted": "draai uw transactie terug",
    "storage.outcome.none": "er is niets vastgelegd",
    "storage.error": "databasefout; {outcome} (melding van de databasedriver: {reason})",
    "storage.url": (
        "database-URL '{url}' is niet te lezen; verwacht bijv. sqlite:///workflow.db of "
        "postgresql+psycopg://gebruiker@host/database"
    ),
    "storage.kind": (
        "onbekende soort database '{driver}' in de database-URL; verwacht sqlite:///PAD of "
        "postgresql+psycopg://gebruiker@host/database"
    ),
    "storage.url_options": (
        "de SQLite-URL neemt de optie(s) {options} niet; laat ze weg (alleen-lezen: {flag} of {option})"
    ),
    "storage.folder": "map '{folder}' voor de SQLite-database bestaat niet; maak haar eerst aan",
    "storage.wal_unreadable": (
        "{path} heeft een write-ahead log ({wal}) met transacties die nog niet in het bestand staan, en de map "
        "is alleen-lezen, dus SQLite kan ze niet lezen; kopieer de database in haar geheel met "
        '`sqlite3 {file} ".backup copy.db"` (of open haar eenmaal waar ze mag schrijven) en bekijk de kopie'
    ),
    "storage.no_database": (
        "geen SQLite-database op {path}; alleen-lezen geopend (een opdracht die alleen leest, of {flag}) "
        "maakt niets aan: controleer het pad, of maak de database eerst (bijv. met {commands})"
    ),
    "storage.read_only_uri": (
        "alleen-lezen opent een SQLite-bestand bij zijn pad (sqlite:///PAD), niet {url} (een file:-URI of een "
        "database in het geheugen, die leeg is); geef het pad van het bestand"
    ),
    "storage.reader_url": (
        "de lezer leest alleen een SQLite-bestand als sqlite:///PAD (letters, cijfers, /._~+- en spaties), "
        "niet {url}: open daarvoor een Engine met read_only=True"
    ),
    "storage.driver": "geen databasedriver voor '{driver}': {reason}",
    "storage.migrate": "de database op {where} kan niet worden gemigreerd (melding van de databasedriver: {reason})",
    "storage.unreachable": (
        "de database op {where} is niet bereikbaar; controleer de URL (--db / WF_DATABASE_URL), "
        "dat de server draait of het bestand bestaat, en dat u het mag openen (melding van de databasedriver: {reason})"
    ),
    "storage.closed": "de lezer is gesloten; open een nieuwe om verder te lezen",
    "storage.not_database": (
        "{where} is geen SQLite-database (het bestand bestaat, maar is iets anders); controleer --db / WF_DATABASE_URL"
    ),
    "storage.foreign": (
        "de database op {where} heeft tabellen, maar geen van deze werkstroom (geen wf_cases, geen "
        "alembic_version): het is een andere database; controleer --db / WF_DATABASE_URL"
    ),
    "storage.no_schema": (
        "de database op {where} heeft nog geen werkstroomschema; voer eerst `wf db upgrade --db URL` uit"
    ),
    "storage.newer": (
        "de database op {where} heeft schemarevisie {revision}, nieuwer dan deze code ({expected}); "
        "werk het workflow-pakket bij"
    ),
    "storage.older": (
        "de database op {where} heeft schemarevisie {revision}, ouder dan deze code ({expected}); "
        "voer `wf db upgrade --db URL` uit om haar te migreren"
    ),
    "storage.relay_claim": "de relay kan de database niet gebruiken (melding van de databasedriver: {reason})",
    "storage.relay_record": (
        "de relay kan de afleveringen niet vastleggen; ze worden opnieuw verstuurd als hun lease afloopt"
        " (melding van de databasedriver: {reason})"
    ),
}

STORAGE_EN: dict[str, str] = {
    "storage.outcome.hosted": "roll back your transaction",
    "storage.outcome.none": "nothing was written",
    "storage.error": "database error; {outcome} (the database driver said: {reason})",
    "storage.url": (
        "cannot read database URL '{url}'; expected e.g. sqlite:///workflow.db or "
        "postgresql+psycopg://user@host/database"
    ),
    "storage.kind": (
        "unknown kind of database '{driver}' in the database URL; expected sqlite:///PATH or "
        "postgresql+psycopg://user@host/database"
    ),
    "storage.url_options": (
        "the SQLite URL takes no option(s) {options}; leave them out (read-only: {flag} or {option})"
    ),
    "storage.folder": "folder '{folder}' for the SQLite database does not exist; create it first",
    "storage.wal_unreadable": (
        "{path} has a write-ahead log ({wal}) with transactions not yet in the file, and its folder is read-only, "
        "so SQLite cannot read them; copy the database whole with "
        '`sqlite3 {file} ".backup copy.db"` (or open it once where it may write) and review the copy'
    ),
    "storage.no_database": (
        "no SQLite database at {path}; opened read-only (a command that only reads, or {flag}) "
        "it creates nothing: check the path, or create the database first (e.g. with {commands})"
    ),
    "storage.read_only_uri": (
        "read-only opens a SQLite file by its path (sqlite:///PATH), not {url} (a file: URI, or a database in "
        "memory, which is empty); give the file's path"
    ),
    "storage.reader_url": (
        "the reader reads only a SQLite file given as sqlite:///PATH (letters, digits, /._~+- and spaces), "
        "not {url}: open an Engine with read_only=True for it"
    ),
    "storage.driver": "no database driver for '{driver}': {reason}",
    "storage.migrate": "cannot migrate the database at {where} (the database driver said: {reason})",
    "storage.unreachable": (
        "cannot reach the database at {where}; check the URL (--db / WF_DATABASE_URL), "
        "that the server runs or the file exists, and that you may open it (the database driver said: {reason})"
    ),
    "storage.closed": "the reader is closed; open a new one to read on",
    "storage.not_database": (
        "{where} is not a SQLite database (the file exists, but is something else); check --db / WF_DATABASE_URL"
    ),
    "storage.foreign": (
        "the database at {where} has tables, but none of this workflow's (no wf_cases, no alembic_version): "
        "it is another database; check --db / WF_DATABASE_URL"
    ),
    "storage.no_schema": "the database at {where} has no workflow schema yet; run `wf db upgrade --db URL` first",
    "storage.newer": (
        "the database at {where} has schema revision {revision}, newer than this code ({expected}); "
        "upgrade the workflow package"
    ),
    "storage.older": (
        "the database at {where} has schema revision {revision}, older than this code ({expected}); "
        "run `wf db upgrade --db URL` to migrate it"
    ),
    "storage.relay_claim": "the relay cannot use the database (the database driver said: {reason})",
    "storage.relay_record": (
        "the relay cannot record deliveries; they will be sent again when their lease ends"
        " (the database driver said: {reason})"
    ),
}
