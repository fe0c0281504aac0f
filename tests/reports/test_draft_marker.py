"""A draft says so in every form (HTML, Markdown, JSON, PDF: on every page); the published
edition carries its publication date and no mark."""

import json
from datetime import date
from html import unescape

import pytest

from services.reports.rendering import render
from services.reports.rendering.i18n import Translator
from tests.reports.pdf_text import pdf_pages
from tests.reports.sample_document import sample_document


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_draft_is_marked_in_every_form_and_on_every_page(language: str) -> None:
    t = Translator(language)
    rendered = render(sample_document(language, edition=1))

    assert 'class="draft-marker"' in rendered.html and t("draft.banner") in unescape(rendered.html)
    assert f"> **{t('draft.short')}** {t('draft.banner')}" in rendered.markdown
    assert json.loads(rendered.json)["meta"]["draft"] is True
    pages = pdf_pages(rendered.pdf)
    assert len(pages) > 5
    assert all(t("draft.short") in page for page in pages), [
        i for i, p in enumerate(pages) if t("draft.short") not in p
    ]
    assert t("title.not_published") in rendered.html


def test_the_published_edition_has_its_date_and_no_mark() -> None:
    t = Translator("en")
    document = sample_document("en", edition=1)
    document.meta.draft, document.meta.published_on = False, date(2025, 4, 2)

    rendered = render(document)

    assert 'class="draft-marker"' not in rendered.html and t("draft.banner") not in rendered.markdown
    assert json.loads(rendered.json)["meta"]["draft"] is False
    assert not any(t("draft.short") in page for page in pdf_pages(rendered.pdf))
    assert "April 2, 2025" in rendered.html and "April 2, 2025" in rendered.markdown


def test_the_cover_names_members_language_and_the_annex_the_contributors_and_terms() -> None:
    t = Translator("fr")
    rendered = render(sample_document("fr", edition=1))

    assert "Haliya Mukti Samaj · Pourakhi Nepal" in rendered.html and "Français" in rendered.html
    for form in (rendered.html, rendered.markdown):
        assert t("annex.contributors_title") in form and t("annex.glossary") in form
        assert t("glossary_def.series_break") in form
    header, *rows = rendered.sdmx.splitlines()
    assert header.startswith("DATAFLOW,FREQ,INDICATOR,REF_AREA,SEX,AGE,FORM,SECTOR,MIGRATION_STATUS,TIME_PERIOD")
    assert "COALITION_HUB:IMPACT(1.0),A,people_identified,NPL,_T,_T,_T,_T,_T,2024,1719.0,PEOPLE,F,7" in rows
    assert "COALITION_HUB:IMPACT(1.0),A,people_identified,NPL,_T,_T,_T,_T,_T,2023,,PEOPLE,C," in rows
