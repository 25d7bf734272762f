"""PyYAML's syntax problems in Dutch and English (``yaml.problem.*``), and which problem is which.

Data only, merged into the errors' texts by :mod:`workflow._speech`;
:func:`workflow._yaml.read_yaml` picks the sentence.  A problem not listed
here is said in general terms in Dutch (PyYAML's own words are English).
"""

from __future__ import annotations

__all__ = ["PROBLEMS", "YAML_EN", "YAML_NL"]

PROBLEMS: dict[str, str] = {
    "did not find expected ',' or ']'": "yaml.problem.flow_list",
    "did not find expected ',' or '}'": "yaml.problem.flow_mapping",
    "did not find expected key": "yaml.problem.key",
    "did not find expected '-' indicator": "yaml.problem.item",
    "did not find expected node content": "yaml.problem.value",
    "mapping values are not allowed in this context": "yaml.problem.mapping_value",
    "mapping values are not allowed here": "yaml.problem.mapping_value",
    "found character that cannot start any token": "yaml.problem.character",
    "found undefined alias": "yaml.problem.alias",
    "found unexpected end of stream": "yaml.problem.end",
    "found unknown escape character": "yaml.problem.escape",
    "second occurrence": "yaml.problem.anchor",
}
"""PyYAML's problem text (libyaml's and the pure-Python loader's) -> its key below."""

YAML_NL: dict[str, str] = {
    "yaml.problem.flow_list": "sluit de lijst met ']' of zet een komma tussen de onderdelen",
    "yaml.problem.flow_mapping": "sluit de mapping met een accolade of zet een komma tussen de onderdelen",
    "yaml.problem.key": "verwachtte hier een sleutel; controleer de inspringing",
    "yaml.problem.item": "verwachtte hier een lijstonderdeel ('- ...'); controleer de inspringing",
    "yaml.problem.value": "verwachtte hier een waarde",
    "yaml.problem.mapping_value": (
        "hier mag geen 'sleutel: waarde' staan; controleer de inspringing, of zet tekst met ': ' tussen "
        "aanhalingstekens"
    ),
    "yaml.problem.character": "dit teken kan hier niet staan (een tab als inspringing?); gebruik spaties",
    "yaml.problem.alias": "onbekende alias; zet het anker (&naam) eerst",
    "yaml.problem.end": "het bestand houdt onverwacht op; sluit het aanhalingsteken of het haakje",
    "yaml.problem.escape": "onbekend escape-teken in tekst tussen dubbele aanhalingstekens",
    "yaml.problem.anchor": "een anker (&naam) komt twee keer voor; geef elk anker een eigen naam",
    "yaml.problem.other": "ongeldige YAML; controleer inspringing, dubbele punten en aanhalingstekens",
    "yaml.too_many": "het document groeit uit tot meer dan {limit} waarden (een alias-bom?); schrijf het uit",
}

YAML_EN: dict[str, str] = {
    "yaml.problem.flow_list": "did not find expected ',' or ']'",
    "yaml.problem.flow_mapping": "did not find expected ',' or a closing brace",
    "yaml.problem.key": "did not find expected key; check the indentation",
    "yaml.problem.item": "did not find expected '-' indicator; check the indentation",
    "yaml.problem.value": "did not find expected node content",
    "yaml.problem.mapping_value": "mapping values are not allowed here; check the indentation, or quote text with ': '",
    "yaml.problem.character": "found character that cannot start any token (a tab as indentation?); use spaces",
    "yaml.problem.alias": "found undefined alias; define the anchor (&name) first",
    "yaml.problem.end": "found unexpected end of stream; close the quote or bracket",
    "yaml.problem.escape": "found unknown escape character in a double-quoted text",
    "yaml.problem.anchor": "an anchor (&name) occurs twice; give each anchor its own name",
    "yaml.problem.other": "invalid YAML; check indentation, colons and quotes",
    "yaml.too_many": "document expands to more than {limit} values (alias bomb?)",
}
