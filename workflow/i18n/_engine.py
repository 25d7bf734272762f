"""The engine's own sentences: blockers, schema findings and guard details, in Dutch and English.

Placeholders in braces are filled by :func:`workflow.i18n.text`; both
languages of a key take the same placeholders (a test checks this).
"""

from __future__ import annotations

__all__ = ["ENGINE"]

_NL = {
    # who may act
    "role_not_allowed": "Alleen {roles} mag '{transition}' doen; u treedt op als {actor_roles}.",
    "role_not_allowed.start": "Een zaak '{workflow}' starten vraagt een van de rollen {roles}; u hebt {actor_roles}.",
    "roles.none": "zonder rol",
    "roles.or": " of ",
    "other_tenant.read": "Deze zaak hoort bij een andere organisatie.",
    "other_tenant.act": (
        "Deze zaak hoort bij een andere organisatie; wie aan de kant van de opdrachtgever werkt, "
        "handelt alleen in zaken van de eigen organisatie."
    ),
    "other_tenant.start": (
        "Als medewerker van opdrachtgever '{tenant}' kunt u alleen zaken voor uw eigen organisatie starten."
    ),
    # where the case is
    "wrong_state": "'{transition}' kan niet vanuit '{state}'; deze stap begint vanuit {sources}.",
    "undeclared_input": "'{transition}' mag '{field}' niet schrijven; er is niets vastgelegd.",
    "undeclared_input.detail": "de definitie laat deze stap alleen schrijven: {allowed}",
    "undeclared_input.nothing": "niets (deze stap neemt geen invoer)",
    # requirements and deadlines
    "required": "Het verplichte veld '{field}' heeft geen waarde; vul het in.",
    "no_running_deadline": "Er loopt hier geen termijn die verlengd kan worden.",
    "deadline_already_extended": (
        "De termijn van deze stap is al eens verlengd (nu {due}); een termijn mag maar één keer worden verlengd."
    ),
    # schema findings: the message, then the detail per JSON Schema keyword
    "invalid_input": "De invoer past niet bij het schema van de definitie ({where}).",
    "invalid_data": "De zaakgegevens passen niet bij het schema van de definitie ({where}).",
    "schema.whole": "de hele waarde",
    "schema.required": "{field} ontbreekt; vul het in",
    "schema.type": "{field} moet {expected} zijn; gevonden: {found}",
    "schema.enum": "{field} moet een van deze waarden zijn: {allowed}; gevonden: {found}",
    "schema.const": "{field} moet {allowed} zijn; gevonden: {found}",
    "schema.minimum": "{field} moet minstens {limit} zijn; gevonden: {found}",
    "schema.maximum": "{field} mag hoogstens {limit} zijn; gevonden: {found}",
    "schema.exclusiveMinimum": "{field} moet groter zijn dan {limit}; gevonden: {found}",
    "schema.exclusiveMaximum": "{field} moet kleiner zijn dan {limit}; gevonden: {found}",
    "schema.minLength": "{field} moet minstens {limit} tekens lang zijn",
    "schema.maxLength": "{field} mag hoogstens {limit} tekens lang zijn",
    "schema.minItems": "{field} moet minstens {limit} onderdelen hebben",
    "schema.maxItems": "{field} mag hoogstens {limit} onderdelen hebben",
    "schema.uniqueItems": "{field} bevat een onderdeel twee keer",
    "schema.pattern": "{field} heeft niet de vereiste vorm ({limit}); gevonden: {found}",
    "schema.format": "{field} is geen geldige {limit}; gevonden: {found}",
    "schema.additionalProperties": "{field} kent geen veld {extra}",
    "schema.other": "{field} voldoet niet aan de regel '{keyword}' van het schema",
    "type.string": "tekst",
    "type.integer": "een geheel getal",
    "type.number": "een getal",
    "type.boolean": "ja of nee (true/false)",
    "type.object": "een object",
    "type.array": "een lijst",
    "type.null": "leeg (null)",
    "format.date": "datum (JJJJ-MM-DD)",
    "format.date-time": "datum en tijd (ISO 8601)",
    "format.email": "e-mailadres",
    # legal terms (suspension, resumption, extension)
    "term_not_running": "De {label} loopt niet ({state}); deze stap kan nu niet.",
    "term.not_started": "nog niet begonnen",
    "term.ended": "al geëindigd",
    "term_expired": "De {label} is verstreken op {end}; {what} kan alleen vóór het einde van de termijn.",
    "term_expired.detail": "vandaag is het {today}",
    "term.verb.extend": "verdagen",
    "term.verb.suspend": "opschorten",
    "term_extension_role": "Alleen wie mandaat heeft ({roles}) mag de {label} verdagen; u handelt als {role}.",
    "term.nobody": "niemand",
    "term_already_extended": "De {label} is al eens verdaagd (nu uiterlijk {end}); de wet staat één verdaging toe.",
    "term_already_extended.detail": "verdaagd op {on}",
    "term_already_suspended": "De {label} is al opgeschort sinds {since}.",
    "term_not_suspended": "De {label} is niet opgeschort; hervatten kan alleen na een opschorting.",
    # an import's report
    "import.summary": (
        "{cases} zaken in het log: {imported} geïmporteerd of aangevuld ({starts} gestart, {steps} stappen), "
        "{unchanged} al aanwezig, {failed} niet geïmporteerd"
    ),
    # guard details
    "guard.no_value": "{path} heeft geen waarde",
    "guard.side_no_value": "'{symbol}' kan niet worden toegepast: de {side} kant heeft geen waarde",
    "guard.side.left": "linker",
    "guard.side.right": "rechter",
}

_EN = {
    "role_not_allowed": "Only {roles} may do '{transition}'; you act as {actor_roles}.",
    "role_not_allowed.start": "Starting a '{workflow}' case needs one of the roles {roles}; you have {actor_roles}.",
    "roles.none": "no roles",
    "roles.or": " or ",
    "other_tenant.read": "This case belongs to another organisation.",
    "other_tenant.act": "This case belongs to another organisation; client-side users act only on their own cases.",
    "other_tenant.start": "As a client-side user of '{tenant}' you can only start cases for your own organisation.",
    "wrong_state": "'{transition}' cannot be done from '{state}'; it starts from {sources}.",
    "undeclared_input": "'{transition}' may not write '{field}'; nothing was written.",
    "undeclared_input.detail": "the definition lets this step write only: {allowed}",
    "undeclared_input.nothing": "nothing (it takes no input)",
    "required": "Required field '{field}' has no value; fill it in.",
    "no_running_deadline": "There is no running deadline here to extend.",
    "deadline_already_extended": (
        "The deadline of this step was already extended once (now {due}); a term may be extended only once."
    ),
    "invalid_input": "The input does not fit the definition's schema ({where}).",
    "invalid_data": "The case data does not fit the definition's schema ({where}).",
    "schema.whole": "the whole value",
    "schema.required": "{field} is missing; fill it in",
    "schema.type": "{field} must be {expected}; found: {found}",
    "schema.enum": "{field} must be one of: {allowed}; found: {found}",
    "schema.const": "{field} must be {allowed}; found: {found}",
    "schema.minimum": "{field} must be at least {limit}; found: {found}",
    "schema.maximum": "{field} may be at most {limit}; found: {found}",
    "schema.exclusiveMinimum": "{field} must be greater than {limit}; found: {found}",
    "schema.exclusiveMaximum": "{field} must be less than {limit}; found: {found}",
    "schema.minLength": "{field} must be at least {limit} characters long",
    "schema.maxLength": "{field} may be at most {limit} characters long",
    "schema.minItems": "{field} must have at least {limit} items",
    "schema.maxItems": "{field} may have at most {limit} items",
    "schema.uniqueItems": "{field} holds an item twice",
    "schema.pattern": "{field} does not have the required form ({limit}); found: {found}",
    "schema.format": "{field} is not a valid {limit}; found: {found}",
    "schema.additionalProperties": "{field} has no field {extra}",
    "schema.other": "{field} breaks the schema's rule '{keyword}'",
    "type.string": "text",
    "type.integer": "a whole number",
    "type.number": "a number",
    "type.boolean": "yes or no (true/false)",
    "type.object": "an object",
    "type.array": "a list",
    "type.null": "empty (null)",
    "format.date": "date (YYYY-MM-DD)",
    "format.date-time": "date and time (ISO 8601)",
    "format.email": "e-mail address",
    "term_not_running": "The {label} is not running ({state}); this step cannot be taken now.",
    "term.not_started": "not yet started",
    "term.ended": "already ended",
    "term_expired": "The {label} ended on {end}; {what} is possible only before the term ends.",
    "term_expired.detail": "today is {today}",
    "term.verb.extend": "extending",
    "term.verb.suspend": "suspending",
    "term_extension_role": "Only a mandated role ({roles}) may extend the {label}; you act as {role}.",
    "term.nobody": "nobody",
    "term_already_extended": "The {label} was already extended once (now until {end}); the law allows one extension.",
    "term_already_extended.detail": "extended on {on}",
    "term_already_suspended": "The {label} has been suspended since {since}.",
    "term_not_suspended": "The {label} is not suspended; resuming is possible only after a suspension.",
    "import.summary": (
        "{cases} cases in the log: {imported} imported or extended ({starts} started, {steps} steps), "
        "{unchanged} already there, {failed} not imported"
    ),
    "guard.no_value": "{path} has no value",
    "guard.side_no_value": "cannot use '{symbol}': the {side} side has no value",
    "guard.side.left": "left",
    "guard.side.right": "right",
}

ENGINE: dict[str, dict[str, str]] = {"nl": _NL, "en": _EN}
