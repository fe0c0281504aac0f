"""Label catalogues per report language."""

from services.reports.rendering.messages import en, es, fr

CATALOGUES: dict[str, dict[str, str | dict[str, str]]] = {"en": en.MESSAGES, "fr": fr.MESSAGES, "es": es.MESSAGES}
