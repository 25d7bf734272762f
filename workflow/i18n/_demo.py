"""The titles of ``wf demo``'s story steps (``demo.story.<n>``, in the order played), in Dutch and English.

The data the story enters (a question's summary, a booking's activity) is case data and stays Dutch.
"""

from __future__ import annotations

__all__ = ["DEMO"]

_NL = {
    "demo.story.0": "De gemeente dient een vraag in",
    "demo.story.1": "De omgevingsdienst bevestigt de ontvangst",
    "demo.story.2": "Vraagverheldering: waar komt de vraag vandaan, wat is het doel, is het spoed of gevoelig?",
    "demo.story.3": "De gemeente bevestigt: dit is wat we bedoelen",
    "demo.story.4": "Soort taak en financiering: maatwerk buiten het werkprogramma, dus een offerte",
    "demo.story.5": "Poging om in te plannen zonder getekende opdrachtbevestiging",
    "demo.story.6": "De accountmanager stelt een offerte op: 120 uur tegen het DVO-tarief",
    "demo.story.7": "De teammanager toetst de capaciteit: haalbaar, helder, realistisch",
    "demo.story.8": "De accountmanager brengt de offerte uit",
    "demo.story.9": "De gemeente probeert voor een ander bedrag te tekenen dan geoffreerd",
    "demo.story.10": "De ambtelijk opdrachtgever tekent de offerte zoals uitgebracht, binnen mandaat",
    "demo.story.11": "De teammanager plant in en wijst een projectleider toe",
    "demo.story.12": "De projectleider start de uitvoering",
    "demo.story.13": "Een teamlid boekt de metingen",
    "demo.story.14": "De projectleider boekt de controlebezoeken",
    "demo.story.15": "De projectleider meldt de voortgang aan de gemeente",
    "demo.story.16": "Prognose: nog 25 uur nodig, boven de begroting",
    "demo.story.17": "De projectleider vraagt meerwerk aan voor de hercontroles",
    "demo.story.18": "De gemeente gaat akkoord met het meerwerk",
    "demo.story.19": "De projectleider boekt de hercontroles",
    "demo.story.20": "Succes mag gezien worden: het resultaat als hoogtepunt",
    "demo.story.21": "De projectleider biedt het werk ter toetsing aan",
    "demo.story.22": "De projectleider probeert zijn eigen werk goed te keuren",
    "demo.story.23": "Een collega toetst het werk",
    "demo.story.24": "De accountmanager draagt het werk over",
    "demo.story.25": "De gemeente accepteert en geeft zelf het tevredenheidscijfer",
    "demo.story.26": "De controller rekent af tegen de offerte; het verschil wordt verklaard",
    "demo.story.27": "Evaluatie en afsluiten",
}

_EN = {
    "demo.story.0": "The gemeente submits a question",
    "demo.story.1": "The omgevingsdienst confirms receipt",
    "demo.story.2": "Clarifying the question: where does it come from, what is the goal, is it urgent or sensitive?",
    "demo.story.3": "The gemeente confirms: this is what we mean",
    "demo.story.4": "Kind of task and funding: custom work outside the work programme, so a quote",
    "demo.story.5": "An attempt to plan without a signed confirmation of the assignment",
    "demo.story.6": "The account manager drafts a quote: 120 hours at the DVO rate",
    "demo.story.7": "The team manager checks the capacity: feasible, clear, realistic",
    "demo.story.8": "The account manager sends the quote",
    "demo.story.9": "The gemeente tries to sign for another amount than quoted",
    "demo.story.10": "The ambtelijk opdrachtgever signs the quote as sent, within the mandate",
    "demo.story.11": "The team manager plans the work and assigns a project leader",
    "demo.story.12": "The project leader starts the work",
    "demo.story.13": "A team member books the measurements",
    "demo.story.14": "The project leader books the inspection visits",
    "demo.story.15": "The project leader reports progress to the gemeente",
    "demo.story.16": "Forecast: 25 more hours needed, over the budget",
    "demo.story.17": "The project leader asks for extra work for the re-inspections",
    "demo.story.18": "The gemeente agrees to the extra work",
    "demo.story.19": "The project leader books the re-inspections",
    "demo.story.20": "Success may be seen: the result as a highlight",
    "demo.story.21": "The project leader offers the work for review",
    "demo.story.22": "The project leader tries to approve his own work",
    "demo.story.23": "A colleague reviews the work",
    "demo.story.24": "The account manager hands the work over",
    "demo.story.25": "The gemeente accepts and gives the satisfaction score itself",
    "demo.story.26": "The controller settles against the quote; the difference is explained",
    "demo.story.27": "Evaluation and closing",
}

DEMO = {"nl": _NL, "en": _EN}
"""The demo story's titles per language, by key (merged into :data:`workflow.i18n.CATALOGUE`)."""
