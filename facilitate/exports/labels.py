"""Every text a person reads in the downloaded files, in Norwegian bokmål.

The issue asks for the files in bokmål, whoever downloads them, so these are
plain strings kept in one place rather than gettext msgids: a file is a
document handed to a leadership group, not a page that follows the viewer's
language. Module and stage names come from facilitate/model/programme.py.
"""

from __future__ import annotations

from ..model.programme import MODULES, STAGE_LABELS, STAGE_PURPOSES

ROOM = "Hele samlingen"
NO_DATA = "Ingen data ennå"
MODULE_EMPTY = "Ingen data ennå: forarbeid, samling og etterarbeid er tomme."
NOT_ANSWERED = "(ikke besvart)"
YES = "Ja"


def suppressed(min_group: int | None) -> str:
    """What a suppressed part says instead of its numbers."""
    if min_group:
        return f"skjult: færre enn {min_group}"
    return "skjult: for få svar"


def suppressed_sentence(who: str, min_group: int | None) -> str:
    if min_group:
        return f"{who}: skjult (færre enn {min_group} svarte)"
    return f"{who}: skjult (for få svarte)"


def respondents(who: str, n: int | None) -> str:
    return f"{who}: {n} svar" if n is not None else who


def stage_title(stage: str) -> str:
    """"Forarbeid – Felles forståelse"."""
    return f"{STAGE_LABELS.get(stage, stage)} – {STAGE_PURPOSES.get(stage, '')}".rstrip(" –")


def stage_label(stage: str) -> str:
    return STAGE_LABELS.get(stage, stage.capitalize())


def module_title(module: dict) -> str:
    if module.get("title"):
        return str(module["title"])
    for known in MODULES:
        if known.number == module.get("number"):
            return known.title
    return f"Modul {module.get('number', '?')}"


# Activity kinds, as a leader reads them. An unknown kind shows its own name.
KIND_LABELS = {
    "choice": "Flervalg",
    "wordcloud": "Ordsky",
    "open_text": "Åpent svar",
    "scale": "Skala",
    "ranking": "Rangering",
    "qa": "Spørsmål og stemmer",
    "points": "Fordel poeng",
    "mapping": "Kartlegging",
    "board": "Gruppetavle",
}

SOURCE_LABELS = {
    "activity": "Aktivitet",
    "mapping": "Kartlegging",
    "board": "Gruppetavle",
    "prework": "Forarbeid",
    "ambition": "Ambisjon",
    "initiatives": "Tiltak",
}


def kind_label(entry: dict) -> str:
    kind = entry.get("activity_kind") or entry.get("source") or ""
    return KIND_LABELS.get(kind, SOURCE_LABELS.get(kind, str(kind) or "Innhold"))


# Column headers and measures.
OPTION = "Alternativ"
WORD = "Ord"
ANSWER = "Svar"
QUESTION = "Spørsmål"
STATEMENT = "Påstand"
FIELD = "Felt"
COUNT = "Antall"
SHARE = "Andel (%)"
MEAN = "Snitt"
SUM = "Sum"
POINTS = "Poeng"
MEAN_POINTS = "Snittpoeng"
MEAN_RANK = "Snittplass"
VOTES = "Stemmer"
VALUE = "Verdi"
N_ANSWERS = "Antall svar"
ANSWERED_SUFFIX = " (besvart)"


def from_own(name: str) -> str:
    return f"Fra {name}"


def column(side: str, measure: str) -> str:
    """A wide table's header: "Sola: antall"."""
    return f"{side}: {measure[:1].lower()}{measure[1:]}"


def scale_caption(definition: dict) -> str | None:
    low, high = definition.get("min"), definition.get("max")
    if low is None or high is None:
        return None
    text = f"Skala {low}–{high}"
    ends = [f"{low} = {definition['min_label']}" if definition.get("min_label") else "",
            f"{high} = {definition['max_label']}" if definition.get("max_label") else ""]
    ends = [end for end in ends if end]
    return f"{text} ({', '.join(ends)})." if ends else f"{text}."


def ranking_caption(option_count: int) -> str:
    return (f"Førsteplass gir {option_count} poeng, andreplass {max(option_count - 1, 0)}, "
            "og så videre. Snittpoeng er poengene delt på antall svar.")


def points_caption(total: int | None) -> str:
    return f"Hver deltaker fordelte {total or 100} poeng. Snitt er poeng per deltaker."


SHARE_CAPTION = "Andel av dem som svarte (en deltaker kan velge flere alternativ)."
WORD_CAPTION = "Andel av dem som svarte som nevnte ordet."

# Generic payloads (a kind this version does not know): readable field names.
FIELD_LABELS = {
    "count": "Antall", "counts": "Antall", "mean": "Snitt", "median": "Median",
    "n": "Antall svar", "respondents": "Antall svar", "text": "Tekst", "label": "Navn",
    "name": "Navn", "votes": "Stemmer", "level": "Nivå", "note": "Merknad",
    "notes": "Notater", "capability": "Kapabilitet", "title": "Tittel", "sum": "Sum",
    "points": "Poeng", "cluster": "Gruppe", "value": "Verdi", "score": "Poeng",
    "framework": "Rammeverk", "agreed": "Enige om", "cells": "Vurderinger",
    "items": "Elementer", "options": "Alternativ", "words": "Ord", "answers": "Svar",
    "questions": "Spørsmål", "statements": "Påstander", "clusters": "Grupper",
    "groups": "Grupper", "rating": "Vurdering", "ratings": "Vurderinger",
}


def field_label(key: str) -> str:
    return FIELD_LABELS.get(key, key.replace("_", " ").capitalize())


# Forarbeid.
PREWORK_COLUMNS = ("Spørsmål", "Svar", "Fra", "Oppdatert")
PREWORK_RATINGS = "Vurderinger i forarbeidet"
BY_LABELS = {"coordinator": "Koordinator", "leader": "Leder"}
QUESTION_TYPES = {"text": "Tekst", "rating": "Vurdering"}

# Samling.
GATHERINGS = "Samlinger"
GATHERING = "Samling"
DATE = "Dato"

# Etterarbeid.
AMBITION = "Ambisjonsnivå"
AMBITION_TEXT = "Ambisjon"
INITIATIVES = "Tiltak"
INITIATIVE_COLUMNS = ("Tiltak", "Ansvarlig", "Frist", "Horisont", "Status")
TERMS = {"short": "Kort sikt", "long": "Lang sikt"}
STATUSES = {"planned": "Planlagt", "started": "Startet", "done": "Ferdig",
            "dropped": "Droppet"}

# Trajectory.
TRAJECTORY = "Utvikling gjennom programmet"
TRAJECTORY_SHEET = "Utvikling"
MEDIAN = "Median i programmet"
MODULE = "Modul"
TRAJECTORY_CAPTION = ("Kommunens verdi i hver modul ved siden av medianen for kommunene i "
                      "programmet. Medianen vises bare der nok kommuner har svart.")

# Overview.
OVERVIEW = "Oversikt"
PROGRAMME = "Program"
NETWORK = "Nettverk"
PERIOD = "Periode"
MUNICIPALITY = "Kommune"
KOMMUNENUMMER = "Kommunenummer"
GENERATED = "Laget"
MIN_GROUP = "Minste gruppe som vises"
CONTENTS = "Innhold"
SHEET = "Ark"
HOLDS = "Hva arket viser"
PRIVACY = ("Svar vises per kommune og for hele samlingen, aldri per person. Der færre enn "
           "{n} svarte, er tallene skjult.")
STAGE_HOLDS = {
    "forarbeid": "Spørsmålene i forarbeidet og svarene fra ledergruppen.",
    "samling": "Det kommunen svarte på dagssamlingen, ved siden av hele samlingen.",
    "etterarbeid": "Ambisjonsnivå og tiltak på kort og lang sikt.",
}
TRAJECTORY_HOLDS = "Spørsmål stilt i flere moduler: kommunens verdier og medianen."

# PDF.
REPORT_TITLE = "Sammendrag for ledergruppen"
PAGE = "Side {page} av {pages}"
HOW_TO_READ = "Slik leser du sammendraget"
HOW_TO_READ_TEXT = (
    "For hver modul viser sammendraget forarbeidet, det kommunen svarte på dagssamlingen "
    "ved siden av hele samlingen, og ambisjonen og tiltakene fra etterarbeidet. "
    "Alle tall og alle svar finnes også i regnearket (XLSX).")
SUMMARY = "Kort oppsummert"
SUMMARY_COLUMNS = ("Modul", "Forarbeid", "Samling", "Ambisjon", "Tiltak")
ANSWERED_OF = "{answered} av {total} besvart"
ACTIVITIES = "{n} aktiviteter"
ACTIVITY_ONE = "1 aktivitet"
LEVEL = "Nivå {level}"
INITIATIVE_COUNT = "{n} tiltak"
MORE_ROWS = "… og {n} til i regnearket."
OWN_ANSWERS = "Svar fra {name}"
ROOM_ANSWERS = "Svar fra hele samlingen"
NO_ANSWERS = "Ingen svar."
AMBITION_NONE = "Ambisjonsnivå er ikke satt ennå."

# CSV.
CSV_SAMLING_COLUMNS = ("Samling", "Dato", "Aktivitet", "Type", "Spørsmål", "Element",
                       "Gjelder", "Mål", "Verdi", "Merknad")
CSV_FORARBEID_COLUMNS = ("Spørsmål", "Type", "Skala", "Svar", "Fra", "Oppdatert")
CSV_ETTERARBEID_COLUMNS = ("Del", "Hva", "Ansvarlig", "Frist", "Horisont", "Status", "Nivå")
CSV_TRAJECTORY_COLUMNS = ("Spørsmål", "Modul", "Kommunen", "Median i programmet")
