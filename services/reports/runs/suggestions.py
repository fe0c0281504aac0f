"""Recommendations the system can derive from the data, offered to the coalition's authors in the
draft: a commitment that regressed, is overdue or has not started; a form of exploitation no
organisation works on (a service desert). They are written in the report's language so authors
can adopt one by writing it into their recommendations; they are never published as they are."""

import calendar
from datetime import date

from services.reports import document as doc
from services.reports.rendering.i18n import Translator

WORDS = {
    "en": {
        "regressed": "Reverse the regression on: {text} ({body}).",
        "overdue": "Deliver the overdue commitment: {text} ({body}), due {due}.",
        "not_started": "Start work on: {text} ({body}), with a date and a budget.",
        "service_desert": "Fund and support work against {form}: no organisation in the directory works on it here.",
    },
    "fr": {
        "regressed": "Revenir sur le recul concernant\u00a0: {text} ({body}).",
        "overdue": "Tenir l’engagement en retard\u00a0: {text} ({body}), prévu pour le {due}.",
        "not_started": "Engager le travail sur\u00a0: {text} ({body}), avec un calendrier et un budget.",
        "service_desert": "Financer et soutenir la lutte contre {form}\u00a0: aucune organisation de l’annuaire n’y "
        "travaille ici.",
    },
    "es": {
        "regressed": "Revertir el retroceso en: {text} ({body}).",
        "overdue": "Cumplir el compromiso atrasado: {text} ({body}), previsto para el {due}.",
        "not_started": "Iniciar el trabajo sobre: {text} ({body}), con plazos y presupuesto.",
        "service_desert": "Financiar y apoyar el trabajo contra {form}: ninguna organización del directorio trabaja "
        "en ello aquí.",
    },
}


def period_end(period: str) -> date:
    """The last day of "2024", "2024-Q2" or "2024-05"."""
    year = int(period[:4])
    if "-Q" in period:
        month = int(period[-1]) * 3
    elif len(period) == 7:
        month = int(period[5:7])
    else:
        month = 12
    return date(year, month, calendar.monthrange(year, month)[1])


def derive(language: str, period: str, scorecard: list[doc.CommitmentPart], gaps: list[str]) -> list[doc.Suggestion]:
    words, t, end = WORDS[language], Translator(language), period_end(period)
    found = []
    for c in scorecard:
        overdue = c.target_date is not None and c.target_date <= end and c.rating != "achieved"
        kind = "regressed" if c.rating == "regressed" else "overdue" if overdue else c.rating
        if kind not in ("regressed", "overdue", "not_started"):
            continue
        due = t.date(c.target_date) if c.target_date else ""
        text = words[kind].format(text=c.text.rstrip(". "), body=c.responsible_body, due=due)
        found.append(doc.Suggestion(kind=kind, addressee="government", text=text, commitments=[c.id]))
    found += [
        doc.Suggestion(
            kind="service_desert",
            addressee="alliance",
            text=words["service_desert"].format(form=t.label("form", form).lower()),
        )
        for form in gaps
    ]
    return found
