"""The command line's help in Dutch (``wf --help``): plain data, cheap to import.

The keys are those of :mod:`workflow._cli.help_en`; ``tests/test_i18n.py`` checks both have
the same keys and placeholders and that no Dutch text is English.
"""

from __future__ import annotations

__all__ = ["HELP"]

HELP: dict[str, str] = {
    # click's own words
    "cli.click.usage": "Gebruik:",
    "cli.click.options": "Opties",
    "cli.click.commands": "Opdrachten",
    "cli.click.options_metavar": "[OPTIES]",
    "cli.click.command_metavar": "OPDRACHT [ARGUMENTEN]...",
    "cli.click.default": "standaard: {default}",
    "cli.click.required": "verplicht",
    "cli.click.version": "{prog}, versie {version}",
    "cli.help.opt.help": "Deze hulp tonen en stoppen.",
    "cli.help.opt.version": "De versie tonen en stoppen.",
    # click's usage errors
    "cli.parse.try": "Probeer '{command} {option}' voor hulp.",
    "cli.parse.no_option": "onbekende optie: {name}",
    "cli.parse.no_command": "onbekende opdracht '{name}'",
    "cli.parse.did_you_mean": "; bedoelde u {names}?",
    "cli.parse.missing_argument": "argument {name} ontbreekt",
    "cli.parse.missing_option": "optie {name} ontbreekt",
    "cli.parse.choose": "kies uit {choices}",
    "cli.parse.needs_value": "optie {name} vraagt een waarde",
    "cli.parse.no_value": "optie {name} neemt geen waarde",
    "cli.parse.bad_value": "ongeldige waarde voor {name}: {reason}",
    "cli.parse.expected": "verwacht {expected}; gevonden: {found}",
    "cli.parse.expect.integer": "een geheel getal",
    "cli.parse.expect.number": "een getal",
    "cli.parse.expect.between": "een geheel getal van {min} tot en met {max}",
    "cli.parse.expect.from": "een geheel getal van {min} of meer",
    "cli.parse.expect.choice": "een van {choices}",
    "cli.parse.path.missing": "{file} bestaat niet",
    "cli.parse.path.directory": "{file} is een map, geen bestand",
    "cli.parse.path.file": "{file} is een bestand, geen map",
    "cli.parse.path.unreadable": "{file} is niet leesbaar",
    "cli.parse.path.unwritable": "{file} is niet beschrijfbaar",
    "cli.parse.extra": "onverwachte extra argumenten: {args}",
    "cli.parse.command_missing": "geef een opdracht",
    "cli.parse.moment": "{value} is geen datum of moment; schrijf bijv. 2026-11-26 of 2026-11-26T14:30:00+01:00",
    # placeholders of values
    "cli.metavar.CASE": "ZAAK",
    "cli.metavar.SEQ": "VOLGNR",
    "cli.metavar.TRANSITION": "STAP",
    "cli.metavar.WORKFLOW": "WERKSTROOM",
    "cli.metavar.NAME": "NAAM",
    "cli.metavar.FILE": "BESTAND",
    "cli.metavar.PATH": "PAD",
    "cli.metavar.TEXT": "TEKST",
    "cli.metavar.INTEGER": "GETAL",
    "cli.metavar.INTEGER_RANGE": "GETAL",
    "cli.metavar.TIMESTAMP": "MOMENT",
    "cli.metavar.DATE": "DATUM",
    "cli.metavar.DAYS": "DAGEN",
    "cli.metavar.SECONDS": "SECONDEN",
    "cli.metavar.KEY": "SLEUTEL",
    "cli.metavar.REF": "KENMERK",
    "cli.metavar.ROLE": "ROL",
    "cli.metavar.KIND": "SOORT",
    "cli.metavar.TENANT": "ORG",
    "cli.metavar.FIELD": "VELD",
    "cli.metavar.DATUM": "DATUM",
    # wf
    "cli.help.wf": (
        "wf — opdrachten tussen overheden uitvoeren volgens vastgelegde werkstromen.\n\n"
        "Definities (YAML) leggen statussen, stappen, rollen en voorwaarden vast; de engine dwingt ze af en legt "
        "elke poging vast in een auditlog. De algemene opties mogen ook na de opdracht staan (`wf case list --json`)."
    ),
    "cli.help.opt.db": (
        "Database-URL [omgeving WF_DATABASE_URL; standaard sqlite:///workflow.db]; een SQLite-bestand wordt bij "
        "het eerste gebruik gemaakt."
    ),
    "cli.help.opt.definitions": (
        "Definitiebestand of -map [omgeving WF_DEFINITIONS; standaard ./definitions, anders de meegeleverde]."
    ),
    "cli.help.opt.actor": "Wie handelt [omgeving WF_ACTOR].",
    "cli.help.opt.roles": (
        "Een rol van wie handelt; herhaal voor meer rollen [omgeving WF_ROLE, gescheiden door spatie of komma]."
    ),
    "cli.help.opt.tenant": "De organisatie van wie handelt, voor rollen aan opdrachtgeverskant [omgeving WF_TENANT].",
    "cli.help.opt.attributes": (
        "Een kenmerk van wie handelt, de waarde in JSON, bijv. mandate_limit_eur=250000; herhaalbaar "
        "[omgeving WF_ACTOR_ATTRIBUTES: één JSON-object; de opties gaan voor]. Wie wf draait staat ervoor in, "
        "net als voor --role."
    ),
    "cli.help.opt.limits": (
        "Grenzen aan verzoeken wijzigen, bijv. max_reason=2000,max_depth=8; herhaalbaar "
        "[omgeving WF_LIMITS, gescheiden door spatie of komma]; zie docs/limits.md."
    ),
    "cli.help.opt.as_json": "Uitvoer voor programma's (JSON).",
    "cli.help.opt.read_only": (
        "De database alleen lezen (een kopie, een alleen-lezen bestand of map); schrijven wordt geweigerd "
        "[omgeving WF_READ_ONLY]. Auditopdrachten en `case show/list/history/explain` lezen altijd alleen."
    ),
    "cli.help.opt.lang": "Taal van meldingen, hulp en tijden [omgeving WF_LANG; standaard nl (Nederlands)].",
    "cli.help.opt.log_level": (
        "Logniveau (naar stderr) [omgeving WF_LOG_LEVEL; standaard warning]; debug toont ook tracebacks."
    ),
    "cli.help.opt.log_format": "Vorm van de logregels [omgeving WF_LOG_FORMAT; standaard console].",
    # options shared by several commands
    "cli.help.opt.case_id": "Alleen deze zaak.",
    "cli.help.opt.workflow": "Alleen deze werkstroom.",
    "cli.help.opt.tenant_filter": "Alleen de zaken van deze organisatie.",
    "cli.help.opt.actor_id": "Alleen gebeurtenissen van deze persoon.",
    "cli.help.opt.role_used": "Alleen gebeurtenissen waarin iemand in deze rol handelde.",
    "cli.help.opt.transition": "Alleen deze stap.",
    "cli.help.opt.kind": (
        "Alleen deze soorten gebeurtenis: started, fired, refused, flagged (herhaal, of een lijst met komma's)."
    ),
    "cli.help.opt.since": "Alleen gebeurtenissen vanaf dit moment (inclusief).",
    "cli.help.opt.until": "Alleen gebeurtenissen vóór dit moment (exclusief).",
    "cli.help.opt.output": "Naar een bestand schrijven.",
    "cli.help.opt.mapping": "De kolomindeling (mapping).",
    # audit
    "cli.help.audit": (
        "Het auditlog nakijken: filteren, exporteren, controleren dat er niet mee geknoeid is.\n\n"
        "Vraagt alleen --db (geen definities): wie nakijkt kan op een kopie van de database werken. Hier filteren "
        "--actor, --role en --tenant de gebeurtenissen; zeg wie nakijkt vóór de opdracht (`wf --actor ID --role ROL "
        "--tenant ORG audit log`): wie aan opdrachtgeverskant nakijkt ziet alleen de gebeurtenissen van de eigen "
        "organisatie, een auditor met alleen leesrechten alles. Zonder --actor is de aanroeper de vertrouwde "
        "beheerder en ziet alles."
    ),
    "cli.help.audit.checkpoint": (
        "Een vingerafdruk tonen over de laatste hash en het aantal gebeurtenissen van elke zaak en over het hele "
        "log, met het tijdstip."
    ),
    "cli.help.audit.checkpoint.output": (
        "Het controlepunt (per zaak aantal en laatste hash, de vingerafdruk van het hele log) naar BESTAND schrijven; "
        "bewaar het elders."
    ),
    "cli.help.audit.checkpoint.key_file": (
        "Ondertekenen met deze private Ed25519-sleutel (PEM, van wf audit keygen) [omgeving WF_AUDIT_KEY: de "
        "PEM-tekst]."
    ),
    "cli.help.audit.checkpoint.previous": (
        "Het vorige controlepunt: het nieuwe noemt het (een keten van controlepunten)."
    ),
    "cli.help.audit.export": (
        "Auditgebeurtenissen exporteren, als stroom (het geheugengebruik blijft gelijk hoe lang het log ook is).\n\n"
        "Rijen en sporen dragen het kenmerk van de zaak en de namen van stappen, statussen en rollen naast hun id's."
    ),
    "cli.help.audit.export.fmt": (
        "csv of jsonl (volgorde van het log), of XES voor process mining (één spoor per zaak)."
    ),
    "cli.help.audit.export.case_fields": (
        "Dit veld uit de zaakgegevens (pad met punten, bijv. applicant.city) aan elk spoor of elke rij toevoegen; "
        "herhaalbaar."
    ),
    "cli.help.audit.export.no_start": "De kunstmatige gebeurtenis 'started' van elke zaak weglaten.",
    "cli.help.audit.export.activity": "XES-gebeurtenissen benoemen met de id van de stap of met de naam ervan.",
    "cli.help.audit.export.output": "Naar BESTAND schrijven (standaard stdout).",
    "cli.help.audit.keygen": (
        "Een Ed25519-sleutelpaar maken om controlepunten te ondertekenen. Houd de private sleutel weg van de "
        "machines van de database."
    ),
    "cli.help.audit.keygen.output": (
        "De private sleutel naar BESTAND schrijven (modus 0600) en de publieke helft naar BESTAND.pub."
    ),
    "cli.help.audit.log": (
        "Auditgebeurtenissen in de volgorde van het log, gefilterd (JSON-regels met --json). `--kind refused` "
        "toont wie wat probeerde."
    ),
    "cli.help.audit.log.limit": "Hoogstens zoveel gebeurtenissen.",
    "cli.help.audit.log.after": (
        "Alleen gebeurtenissen na deze: ZAAK:VOLGNR van de laatste getoonde (bladeren); "
        "de beheerder (zonder --actor) ook een plaats ID in het log."
    ),
    "cli.help.audit.verify": "Elke hashketen opnieuw berekenen; elke breuk noemen. Afsluitcode 0 heel, 1 gebroken.",
    "cli.help.audit.verify.case_id": "Alleen de keten van deze zaak.",
    "cli.help.audit.verify.checkpoint_file": (
        "Ook vergelijken met een controlepunt dat buiten de database bewaard is (vindt verwijderde of herschreven "
        "zaken)."
    ),
    "cli.help.audit.verify.public_key": (
        "Het controlepunt alleen aanvaarden als het ondertekend is met de sleutel waarvan de publieke helft (PEM, "
        "van wf audit keygen) in BESTAND staat."
    ),
    "cli.help.audit.verify.jobs": "In zoveel processen naast elkaar controleren (grote logs, meer kernen).",
    # case
    "cli.help.case": "Zaken starten, stappen zetten, zien wat ze tegenhoudt.",
    "cli.help.case.explain": (
        "Zeggen of STAP nu gezet mag worden, of alles wat hem tegenhoudt; afsluitcode 0 toegestaan, 1 geblokkeerd."
    ),
    "cli.help.case.explain.payload": "De invoer die de stap zou krijgen.",
    "cli.help.case.fire": (
        "STAP zetten op ZAAK; afsluitcode 1 met alles wat hem tegenhoudt als de werkstroom nee zegt."
    ),
    "cli.help.case.fire.payload": "Invoer voor de stap (een JSON-object).",
    "cli.help.case.fire.reason": "Waarom; komt in het auditlog.",
    "cli.help.case.fire.expect_version": "Alleen als de zaak nog op versie N staat.",
    "cli.help.case.fire.key": "Idempotentiesleutel: een herhaling met dezelfde sleutel gebeurt één keer.",
    "cli.help.case.history": "De auditgebeurtenissen van de zaak, oudste eerst (JSON-regels met --json).",
    "cli.help.case.list": (
        "Zaken opsommen, oudste eerst, een pagina per keer (JSON-regels met --json).\n\n"
        "Hier filtert --tenant; geef de organisatie van wie handelt vóór de opdracht (`wf --tenant ORG case list`) "
        "of in WF_TENANT."
    ),
    "cli.help.case.list.state": "Alleen zaken in deze status.",
    "cli.help.case.list.limit": "Zaken per pagina.",
    "cli.help.case.list.after": "Beginnen na deze zaak (de laatste id van de vorige pagina).",
    "cli.help.case.list.overdue": "Alleen zaken met een verstreken termijn.",
    "cli.help.case.list.due_within": (
        "Alleen zaken met een termijn in de komende DAGEN dagen (verstreken termijnen tellen mee)."
    ),
    "cli.help.case.show": (
        "Een zaak tonen: status, gegevens, versie, en elke stap vanaf hier, toegestaan of geblokkeerd."
    ),
    "cli.help.case.show.moment": "De zaak tonen zoals ze op dit moment was, herbouwd uit het log.",
    "cli.help.case.show.timeline": "Tijd in elke status (kalender- en werkdagen), pauzes, wat tegenhield.",
    "cli.help.case.start": "Een zaak van WERKSTROOM starten voor --tenant (of de organisatie van wie handelt).",
    "cli.help.case.start.data": "Begingegevens van de zaak (een JSON-object).",
    "cli.help.case.start.reference": "Het kenmerk van de zaak in het eigen systeem van de opdrachtgever.",
    "cli.help.case.start.key": "Idempotentiesleutel: een herhaling met dezelfde sleutel start niets nieuws.",
    # db
    "cli.help.db": "De database klaarmaken.",
    "cli.help.db.upgrade": "Het databaseschema maken of bijwerken.",
    # definitions
    "cli.help.definitions": "Werkstroomdefinities opsommen, controleren, tonen en tekenen.",
    "cli.help.definitions.diagram": "De statussen en stappen van een werkstroom tekenen.",
    "cli.help.definitions.diagram.fmt": "Mermaid vraagt geen extra programma's; DOT tekent met Graphviz (dot -Tsvg).",
    "cli.help.definitions.diagram.version": "Een bepaalde versie (standaard: de nieuwste).",
    "cli.help.definitions.doc.version": "Een bepaalde versie (standaard: de nieuwste).",
    "cli.help.definitions.show.version": "Een bepaalde versie (standaard: de nieuwste).",
    "cli.help.definitions.doc": (
        "Een Markdown-pagina over een werkstroom: diagram, rollen, statussen, stappen en voorwaarden.\n\n"
        "Wie een bestaande pagina overschrijft, houdt de eigen aantekeningen (onder de markeerregel)."
    ),
    "cli.help.definitions.from-log": (
        "Een definitie voorstellen uit een gebeurtenissenlog (CSV of XES): YAML om te bewerken, daarna te laden.\n\n"
        "Statussen na elke activiteit, stappen uit de direct-volgt-relatie, rollen uit de groepen; de id van de "
        "werkstroom komt uit de mapping."
    ),
    "cli.help.definitions.list": "De geladen werkstromen opsommen (de nieuwste versie van elk).",
    "cli.help.definitions.schema": "Het JSON-schema van het definitieformaat tonen (als in definitions/schema.json).",
    "cli.help.definitions.show": (
        "Een werkstroom tonen: rollen, statussen, stappen met hun rollen, vereisten en voorwaarden."
    ),
    "cli.help.definitions.validate": (
        "Definities controleren; elk probleem tonen als bestand:regel:kolom: melding.\n\n"
        "PAD is een bestand of map (standaard: de plaats van --definitions). Afsluitcode 2 als er een probleem is, "
        "0 als elk bestand in orde is."
    ),
    # demo
    "cli.help.demo": "Eén hele opdracht doorspelen op de meegeleverde definitie en daarna de geschiedenis tonen.",
    "cli.help.demo.demo_db": (
        "Database voor de demo (standaard: een nieuw SQLite-bestand in een tijdelijke map, na afloop opgeruimd "
        "tenzij --keep)."
    ),
    "cli.help.demo.year": "Een vast jaar voor drie gemeenten doorspelen en het HTML-rapport schrijven.",
    "cli.help.demo.output": "Waar --year het HTML-rapport schrijft.",
    "cli.help.demo.keep": (
        "De tijdelijke map met de demodatabase bewaren om verder te kijken (zonder --keep wordt die opgeruimd)."
    ),
    # import
    "cli.help.import": (
        "Elke zaak uit een gebeurtenissenlog importeren, met de oorspronkelijke momenten en personen.\n\n"
        "Eén transactie per zaak: een zaak met een gebeurtenis die niet te importeren is, blijft helemaal weg, en "
        "het verslag zegt welke gebeurtenis en waarom. Dezelfde import nog eens voegt niets toe. Afsluitcode 0 als "
        "elke zaak erin staat, anders 1."
    ),
    "cli.help.import.trust_history": (
        "De geschiedenis vastleggen zoals ze is, zonder controle van rollen, voorwaarden en schema; elke "
        "gebeurtenis wordt als geïmporteerd gemarkeerd."
    ),
    "cli.help.import.report": "Het verslag ook als JSON schrijven.",
    # outbox
    "cli.help.outbox": "Berichten uit de outbox afleveren bij webhooks; afleveringen opsommen, herhalen en opruimen.",
    "cli.help.outbox.list": (
        "Afleveringen opsommen, oudste bericht eerst.\n\n"
        "Een bericht krijgt zijn afleveringen (één per passende abonnee) pas als een relay het routeert; de "
        "tekstuitvoer zegt hoeveel berichten daarop wachten."
    ),
    "cli.help.outbox.list.status": "Alleen afleveringen met deze stand.",
    "cli.help.outbox.list.subscriber": "Alleen de afleveringen van deze abonnee.",
    "cli.help.outbox.list.limit": "Hoogstens zoveel afleveringen.",
    "cli.help.outbox.purge": "Berichten ouder dan DAGEN verwijderen die elke abonnee bereikt hebben.",
    "cli.help.outbox.purge.days": "De leeftijd in dagen vanaf welke een afgeleverd bericht verdwijnt.",
    "cli.help.outbox.relay": (
        "Berichten uit de outbox afleveren bij de webhooks van de abonnees (tot het gestopt wordt, of --once)."
    ),
    "cli.help.outbox.relay.path": "Het YAML-bestand met de abonnees.",
    "cli.help.outbox.relay.once": "Afleveren wat nu klaarstaat, dan stoppen.",
    "cli.help.outbox.relay.batch": "Berichten per ronde.",
    "cli.help.outbox.relay.max_attempts": "Pogingen voordat een aflevering opgegeven wordt.",
    "cli.help.outbox.retry": "Opgegeven afleveringen opnieuw versturen (nu, pogingen weer op nul).",
    "cli.help.outbox.retry.subscriber": "Alleen de opgegeven afleveringen van deze abonnee.",
    "cli.help.outbox.retry.case_id": "Alleen de opgegeven afleveringen van deze zaak.",
    # report
    "cli.help.report": (
        "Monitoringrapport uit het auditlog: lopend werk, uren, termijnen, doorlooptijden, scores, resultaten."
    ),
    "cli.help.report.clients": "Alleen deze opdrachtgever (herhaal voor meer).",
    "cli.help.report.period": "2026, 2026Q3, 2026-05 of 2026-01-01..2026-03-31 (standaard: dit jaar).",
    "cli.help.report.first": "Eerste dag (met --to), in plaats van --period.",
    "cli.help.report.last": "Laatste dag, inclusief (met --from).",
    "cli.help.report.dvo_year": "Alleen opdrachten van dit DVO-jaar.",
    "cli.help.report.workflow_name": "Werkstroom waarover gerapporteerd wordt.",
    "cli.help.report.fmt": (
        "Uitvoervorm; zonder: wat de naam van -o zegt (.html, .json, .txt, een map: csv), anders tekst."
    ),
    "cli.help.report.output": "Schrijf naar dit bestand (html, json, text) of deze map (csv) in plaats van het scherm.",
    "cli.help.report.no_verify": "De hashketens van het log niet eerst opnieuw berekenen (sneller).",
    # term
    "cli.help.term": (
        "Het einde van een wettelijke termijn vanaf DATUM (JJJJ-MM-DD of DD-MM-JJJJ), met de Algemene termijnenwet."
    ),
    "cli.help.term.days": "Termijn in kalenderdagen.",
    "cli.help.term.weeks": "Termijn in weken.",
    "cli.help.term.months": "Termijn in kalendermaanden.",
    "cli.help.term.backward": "Terugrekenen vanaf DATUM (geen verlenging, Atw art. 1 lid 2).",
    # timers
    "cli.help.timers": "Handelen op verstreken termijnen.",
    "cli.help.timers.run": (
        "Voor elke verstreken termijn de stap zetten als het systeem, of de markering zetten.\n\n"
        "Er mogen meer uitvoerders naast elkaar draaien (processen of machines met één gedeelde PostgreSQL): elke "
        "termijn wordt precies één keer afgehandeld."
    ),
    "cli.help.timers.run.once": "Afhandelen wat nu klaarstaat, dan stoppen (de standaard).",
    "cli.help.timers.run.every": (
        "Blijven draaien: afhandelen wat klaarstaat, SECONDEN wachten, herhalen (Ctrl-C stopt, afsluitcode 130)."
    ),
}
