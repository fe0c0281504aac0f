"""Whole translations: a French or Spanish report holds no English string of the report's
vocabulary (headings, labels, ratings, milestones, statuses, reasons, forms of exploitation,
interventions, regions, units, sentences of what changed) nor of the indicator catalogue (the
starter indicators' names, units and definitions), and names the country as CLDR does."""

import re
import uuid
from datetime import date
from html import unescape

import pytest

from services.metrics.catalogue.seed import STARTER
from services.metrics.catalogue.seed import TRANSLATIONS as STARTER_WORDS
from services.reports.document import Endorsement, IndicatorPart, ReportDocument, SignOff
from services.reports.rendering import render_text
from services.reports.rendering.i18n import Translator
from services.reports.rendering.messages import CATALOGUES
from services.reports.rendering.view import cover_title
from services.reports.runs.changes import changes
from services.reports.runs.gather import SOURCES, TITLES, Request, localised, report_title
from tests.reports.sample_document import sample_document, sparse_document
from tests.reports.test_changes import _edited

# English words the language also writes, meaning something else: French "Note" is a rating,
# "figure" a verb ("ne figure plus").
SHARED_WORDS = {"fr": {"Note", "figure"}, "es": set()}


def _english_fragments(language: str) -> set[str]:
    """Every literal piece (between placeholders) of each English message that the language
    translates differently."""
    english, other = CATALOGUES["en"], CATALOGUES[language]
    fragments = set()
    for key, message in english.items():
        if message == other[key]:
            continue
        for text in message.values() if isinstance(message, dict) else [message]:
            for piece in re.split(r"\{[^}]*\}", text):
                piece = piece.strip(" .,:;()–—“”'\u00a0")
                if len(piece) > 3 and piece not in SHARED_WORDS[language]:
                    fragments.add(piece)
    return fragments | _catalogue_english()


def _catalogue_english() -> set[str]:
    """The starter indicators' English names, units and definitions (a unit that is the same
    word in every language, "USD", is not English)."""
    words = {str(entry[field]) for entry in STARTER for field in ("name", "unit", "definition")}
    return {w for w in words if len(w) > 3}


def _user_content(document: ReportDocument) -> list[str]:
    """What people wrote (shown as given, in whatever language they wrote it)."""
    texts = [document.meta.title, document.meta.coalition.name, *document.methodology.sources, *document.meta.members]
    texts += [r.text for r in [*document.recommendations, *document.suggestions]]
    if document.authored:
        texts += [*document.authored.headline_findings, *document.authored.context.split("\n\n"),
                  *document.authored.limits.split("\n\n")]  # fmt: skip
        texts += [x for p in document.authored.prevalence for x in (p.estimate, p.source)]
    for c in document.scorecard:
        texts += [c.text, c.responsible_body, c.rationale]
        texts += [x for a in [*c.assessments, *c.dissent] for x in (a.organisation, a.evidence, *a.links)]
    texts += [x for t in document.testimonies for x in (t.quote, t.context, t.organisation)]
    return sorted((t for t in texts if t), key=len, reverse=True)


def _report_text(document: ReportDocument) -> str:
    html, markdown, _ = render_text(document)
    markdown = re.sub(r"<a id=[^>]*></a>|\]\(#[^)]*\)", " ", markdown)  # anchors and link targets are not text
    text = unescape(re.sub(r"<[^>]+>", " ", html.split("<body", 1)[1])) + "\n" + markdown.replace("\\", "")
    for written in _user_content(document):
        text = text.replace(written, " ")
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("template", ["accountability-shadow-report", "collective-impact"])
@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_translated_report_holds_no_english_string_of_the_vocabulary(language: str, template: str) -> None:
    previous = sample_document(language, template, edition=1)
    document = _edited(previous)
    document.meta.edition, document.changes = 2, changes(previous, document)

    text = _report_text(document)
    found = sorted(f for f in _english_fragments(language) if re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text))

    assert found == []


def test_the_vocabulary_check_finds_an_untranslated_indicator_name() -> None:
    document = sample_document("es", edition=1)
    english = str(next(e for e in STARTER if e["code"] == "convictions")["definition"])
    document.indicators[2].definition = english  # a definition left untranslated

    text = _report_text(document)

    assert english in _english_fragments("es") and english in text


def test_a_missing_translation_falls_back_to_english_word_by_word() -> None:
    version = {"name": "Survivors assisted", "unit": "people", "definition": "Survivors who received support.",
               "translations": {"fr": {"name": "Personnes rescapées accompagnées"}}}  # fmt: skip

    assert localised(version, "fr") == ("Personnes rescapées accompagnées", "people", "Survivors who received support.")
    assert localised(version, "es") == ("Survivors assisted", "people", "Survivors who received support.")
    assert localised({**version, "translations": {}}, "en") == (
        "Survivors assisted",
        "people",
        "Survivors who received support.",
    )


def test_indicator_definitions_are_in_the_reports_language() -> None:
    html, markdown, _ = render_text(sample_document("fr", edition=1))
    part: IndicatorPart = sample_document("fr", edition=1).indicators[0]

    assert part.definition.startswith("Personnes que l’organisation a identifiées")
    assert part.definition in unescape(html) and part.name in unescape(html)
    assert "People the organisation identified" not in unescape(html) + markdown


def test_the_vocabulary_check_finds_english_when_there_is_some() -> None:
    document = sample_document("fr", edition=1)
    document.indicators[0].unit = "children"  # a unit the catalogue translates...
    text = _report_text(document).replace("enfants", "children")  # ...left in English

    assert re.search(r"(?<!\w)children(?!\w)", text) and "children" in _english_fragments("fr")


@pytest.mark.parametrize(
    ("language", "iso3", "expected"),
    [
        ("fr", "NPL", "Rapport alternatif sur les engagements ODD 8.7\u00a0: Népal, 2024"),
        ("es", "NPL", "Informe sombra sobre los compromisos del ODS 8.7: Nepal, 2024"),
        ("es", "CIV", "Informe sombra sobre los compromisos del ODS 8.7: Côte d’Ivoire, 2024"),
    ],
)
def test_the_title_names_the_country_in_the_reports_language(language: str, iso3: str, expected: str) -> None:
    wanted = Request(iso3, "2024", uuid.uuid4(), "accountability-shadow-report", language)

    assert report_title(wanted, iso3, "Nepal" if iso3 == "NPL" else "Cote d'Ivoire") == expected


def test_the_body_names_the_country_in_the_reports_language() -> None:
    document = sample_document("fr", edition=1)
    document.meta.country.iso3, document.meta.country.name = "CIV", "Cote d'Ivoire"

    html, markdown, _ = render_text(document)

    assert "Côte d’Ivoire" in unescape(html) and "Côte d’Ivoire" in markdown and "Cote d'Ivoire" not in markdown


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "No organisation contributed assessments or figures to this report."),
        ("fr", "Aucune organisation n’a fourni d’évaluations ni de données pour ce rapport."),
        ("es", "Ninguna organización aportó evaluaciones ni cifras a este informe."),
    ],
)
def test_no_contributor_is_said_in_words_not_as_a_zero(language: str, expected: str) -> None:
    document = sparse_document(language)
    document.methodology.contributors = 0

    html, markdown, _ = render_text(document)

    assert expected in unescape(html) and expected in markdown.replace("\\", "")
    assert not re.search(r"(?<![\d\w])0 organi[sz]ation", unescape(html) + markdown)
    assert "1 organi" in Translator(language)("method.contributors", count=1)


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "At least 17 organisations contributed assessments or figures to this report."),
        ("fr", "Au moins 17 organisations ont fourni des évaluations ou des données pour ce rapport."),
        ("es", "Al menos 17 organizaciones aportaron evaluaciones o cifras a este informe."),
    ],
)
def test_a_count_that_includes_figures_is_stated_as_a_floor(language: str, expected: str) -> None:
    """Figures give how many organisations each combines, not which: with assessments beside
    them, the distinct organisations can only be bounded from below."""
    document = sparse_document(language)
    document.methodology.contributors, document.methodology.contributors_at_least = 17, True

    html, markdown, _ = render_text(document)

    assert expected in unescape(html) and expected in markdown.replace("\\", "")


def test_french_dates_write_the_first_of_the_month_as_an_ordinal() -> None:
    t = Translator("fr")

    assert t.date(date(2026, 12, 1)) == "1er décembre 2026" and t.date(date(2026, 12, 1), short=True) == "1er déc. 2026"
    assert t.date(date(2026, 12, 11)) == "11 décembre 2026" and t.date(date(2026, 12, 21)) == "21 décembre 2026"
    assert Translator("es").date(date(2026, 12, 1)) == "1 de diciembre de 2026"


def test_french_text_uses_typographic_apostrophes_and_one_name_for_the_framework() -> None:
    """Every French string of the report, the gathered sources and titles included, writes ’ and
    puts a no-break space before a colon; the framework has one name in the summary and the glossary."""
    texts = [*SOURCES["fr"], *(title for (_, language), title in TITLES.items() if language == "fr")]
    texts += [text for m in CATALOGUES["fr"].values() for text in (m.values() if isinstance(m, dict) else [m])]
    starter = [text for words in STARTER_WORDS.values() for text in words["fr"].values()]  # shown in reports

    assert [text for text in texts if "'" in text or " :" in text] == []
    assert [text for text in starter if "'" in text] == []
    for language, framework in (
        ("fr", "cadre d’action des pouvoirs publics"),
        ("es", "marco de respuesta gubernamental"),
    ):
        t = Translator(language)
        assert framework in t("summary.intro", coalition="X") and framework in t("glossary_def.milestone")


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_glossary_names_terms_as_the_tables_do(language: str) -> None:
    t = Translator(language)

    assert t("glossary.consolidated_rating") == t("scorecard.rating")
    assert t("glossary.baseline") == t("indicators.baseline")
    assert t("glossary.target") == t("indicators.target")


def test_spanish_uses_one_word_for_each_thing() -> None:
    """ "Informe sombra" (as the title says), "organizaciones miembros", "calificación", "línea de
    base" and "periodo" throughout, the PDF's subject (the page's description) included."""
    texts = [*SOURCES["es"], *(title for (_, language), title in TITLES.items() if language == "es")]
    texts += [text for m in CATALOGUES["es"].values() for text in (m.values() if isinstance(m, dict) else [m])]
    texts += [text for words in STARTER_WORDS.values() for text in words["es"].values()]  # the starter indicators
    html, _, _ = render_text(sample_document("es"))
    description = unescape(re.findall(r'<meta name="description" content="([^"]*)"', html)[0])

    for other in ("alternativ", "organizaciones miembro ", "organizaciones miembro.", "valoración", "valorad",
                  "valor de referencia", "período"):  # fmt: skip
        assert [text for text in texts if other in text.casefold()] == [], other
    assert description.startswith("Informe sombra sobre el Marco de Rendición de Cuentas")
    assert TITLES[("accountability-shadow-report", "es")].startswith("Informe sombra")


@pytest.mark.parametrize("language", ["fr", "es"])
def test_a_translated_report_quotes_and_punctuates_as_the_language_does(language: str) -> None:
    """Quotations in « », never in English “ ”; in French a no-break space before a colon or a
    semicolon, in what the report writes around people's words too ("Engagements concernés :",
    "Sources :", the quoted testimony, the list of linked indicators)."""
    document = sample_document(language, edition=1)
    html, _, _ = render_text(document)
    text = _report_text(document)  # page and Markdown, what people wrote taken out: the report's own words
    page = unescape(re.sub(r"<[^>]+>", "", html.split("<body", 1)[1]))
    quote = document.testimonies[0].quote

    assert "“" not in text and "”" not in text
    assert Translator(language)("voices.quote", quote=quote) in page
    if language == "fr":
        assert re.findall(r"[^\W\d][:;]", text.replace("https:", "")) == []  # "09:30" has no letter before it
        assert f"«\u00a0{quote}\u00a0»" in page


@pytest.mark.parametrize(("language", "none"), [("en", "none"), ("fr", "aucun"), ("es", "ninguno")])
def test_a_milestone_without_commitments_says_none_rather_than_zero(language: str, none: str) -> None:
    html, markdown, _ = render_text(sparse_document(language))
    row = re.search(r'<tr id="summary-supply_chains">.*?<td class="count">([^<]*)</td>', html, re.S)

    assert row and row.group(1) == none
    assert not re.search(r"(?<![\d\w])0\s(commitment|engagement|compromiso)", unescape(html) + markdown)


def test_confidence_agrees_with_the_label_it_follows() -> None:
    """The French and Spanish labels, "Degré de confiance" and "Grado de confianza", are masculine."""
    for language, expected in (("fr", ["faible", "moyen", "élevé"]), ("es", ["bajo", "medio", "alto"])):
        t = Translator(language)
        assert [t(f"confidence.{level}") for level in ("low", "medium", "high")] == expected
    assert Translator("fr")("label.value", label=Translator("fr")("scorecard.confidence"), value="élevé") == (
        "Degré de confiance\u00a0: élevé"
    )


def test_alliance_8_7_is_never_split_across_lines() -> None:
    """As the Spanish cover once did: "Alianza" at the end of one line, "8.7" alone on the next."""
    texts = [
        text for c in CATALOGUES.values() for m in c.values() for text in (m.values() if isinstance(m, dict) else [m])
    ]

    assert [text for text in texts if re.search(r"\s8\.7", text.replace("\u00a08.7", ""))] == []
    assert "Alianza\u00a08.7" in CATALOGUES["es"]["template.accountability-shadow-report"]
    for (_, language), title in TITLES.items():
        wanted = Request("NPL", "2024", uuid.uuid4(), "accountability-shadow-report", language)
        tied = cover_title(report_title(wanted, "NPL", "Nepal"), "2024")
        assert " 8.7" not in tied and ("8.7" not in title or "\u00a08.7" in tied)


@pytest.mark.parametrize(
    ("language", "rating", "rated"),
    [("en", "rating", "rated"), ("fr", "note", "noté"), ("es", "calificación", "calificado")],
)
def test_what_changed_names_a_rating_as_the_scorecard_does(language: str, rating: str, rated: str) -> None:
    """A reader who meets "Note consolidée" in the scorecard and "Notes par jalon" in the summary
    reads, in what changed, that a note went from one rating to another, not an "appréciation"."""
    previous = sample_document(language, edition=1)
    document = _edited(previous)
    document.meta.edition, document.changes = 2, changes(previous, document)
    t = Translator(language)
    told = " ".join(
        t(f"change.{kind}", item="X", before="A", after="B")
        for kind in ("milestone_rating", "commitment_added", "commitment_rating", "rationale")
    ).casefold()

    assert rating in t("scorecard.rating").casefold() and rating in t("summary.rating").casefold()
    assert told.count(rating) + told.count(rated) == 4, told
    assert "appréci" not in _report_text(document).casefold()


def test_french_names_dissenting_assessments_alike_in_every_section() -> None:
    """The scorecard's box, the methodology and the glossary: "évaluations divergentes", as
    English says "dissenting assessments" and Spanish "evaluaciones discrepantes"; not "avis"."""
    t = Translator("fr")
    said = [t("scorecard.dissent"), t("glossary.dissent"), t("method.ratings_intro")]

    assert [text for text in said if not re.search(r"[ée]valuations? divergentes?", text, re.I)] == []
    assert "avis divergent" not in _report_text(sample_document("fr", edition=1)).casefold()


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "This member organisation endorsed this edition:", "These member organisations endorsed this edition:"),
        ("fr", "Cette organisation membre a approuvé cette édition\u00a0:",
         "Ces organisations membres ont approuvé cette édition\u00a0:"),
        ("es", "Esta organización miembro respaldó esta edición:", "Estas organizaciones miembros respaldaron esta edición:"),
    ],
)  # fmt: skip
def test_the_endorsement_names_one_endorser_in_the_singular(language: str, one: str, two: str) -> None:
    """A coalition with no rule of its own publishes on one endorsement: its edition must not
    say "these organisations endorsed" of a single one."""
    document = sample_document(language, edition=1)
    document.meta.draft, document.meta.published_on, document.suggestions = False, date(2025, 4, 1), []
    endorsed = {}
    for names in (["Shakti Samuha"], ["Shakti Samuha", "Pourakhi Nepal"]):
        document.signoff = SignOff(
            rule="quorum:1", endorsements=[Endorsement(organisation=n, endorsed=True) for n in names]
        )
        html, markdown, _ = render_text(document)
        endorsed[len(names)] = (unescape(html), markdown.replace("\\", ""))

    assert all(one in form and two not in form for form in endorsed[1])
    assert all(two in form and one not in form for form in endorsed[2])


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_a_withheld_figure_is_explained_alike_under_its_table_and_in_the_glossary(language: str) -> None:
    """A figure marked D is withheld to protect another (secondary suppression): the note under the
    table, the glossary and the methodology give that one reason in the same words, as they give C's."""
    html, markdown, _ = render_text(sample_document(language, edition=1))
    page = re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # no-break spaces kept
    t = Translator(language)

    for status, term in (("C", "withheld_c"), ("D", "withheld_d")):
        reason = t(f"reason.{status}")
        why = reason.split(" ", 1)[1]  # what follows "withheld", "masqué", "ocultada"
        assert reason in page and reason in markdown.replace("\\", "")
        assert why in t(f"glossary_def.{term}") and t(f"glossary_def.{term}") in page
    assert t("reason.D").split(" ", 1)[1] in t("method.withheld")
    assert re.search(r"(?<!\w)(another|autre|otra)(?!\w)", t("reason.D"))  # it protects another figure


@pytest.mark.parametrize(
    ("language", "both", "contributors", "one"),
    [
        ("en", "Break in the series from 2024: the coalition's own figure replaces the public figure, and 7 "
         "organisations contributed to it, compared with 6 for the previous one.",
         "Break in the series from 2023: 5 organisations contributed to this figure, compared with 4 for the "
         "previous one.",
         "1 organisation contributed to this figure, compared with 3 for"),
        ("fr", "Rupture de série à partir de 2024\u00a0: le chiffre propre à la coalition remplace le chiffre public, "
         "et 7\u00a0organisations y ont contribué, contre 6 pour le précédent.",
         "Rupture de série à partir de 2023\u00a0: 5\u00a0organisations ont contribué à ce chiffre, contre 4 pour le "
         "précédent.",
         "1\u00a0organisation a contribué à ce chiffre, contre 3 pour"),
        ("es", "Ruptura de la serie a partir de 2024: la cifra propia de la coalición sustituye a la cifra pública, y "
         "esta reúne datos de 7 organizaciones, frente a 6 en la anterior.",
         "Ruptura de la serie a partir de 2023: 5 organizaciones aportaron datos a esta cifra, frente a 4 en la "
         "anterior.",
         "1 organización aportó datos a esta cifra, frente a 3 en"),
    ],
)  # fmt: skip
def test_a_break_in_the_series_is_told_in_a_sentence(language: str, both: str, contributors: str, one: str) -> None:
    """As a person would say it: not "the coalition's own figure follows the public figure and 6
    contributing organisations before, 7 now"; one organisation in the singular."""
    html, markdown, _ = render_text(sample_document(language, edition=1))
    page = re.sub(r"[ \t\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))  # no-break spaces kept
    said = Translator(language)("indicators.break_contributors", period="2024", count=1, previous=3)

    assert all(note in page and note in markdown.replace("\\", "") for note in (both, contributors))
    assert one in said


# The platform's own order of its terms (`shared/vocabularies.py`, the directory's vocabularies):
# the forms as the Alliance 8.7 lists them, the interventions from prevention to supply chains.
FORMS_IN_ORDER = [
    "forced_labour",
    "child_labour",
    "human_trafficking",
    "forced_marriage",
    "debt_bondage",
    "domestic_servitude",
]
INTERVENTIONS_IN_ORDER = ["prevention", "protection", "prosecution", "policy_advocacy", "supply_chains"]


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_landscape_matrix_lists_terms_in_the_platforms_order_in_every_language(language: str) -> None:
    """The report is gathered with its terms sorted by their codes (capacity_building before
    prevention): alphabetical in no language. The page lists them in the platform's order, the
    same in every language, so that editions in two languages read alike."""
    document = sample_document(language)
    land = document.landscape
    by_code = land.model_copy(update={"forms": sorted(land.forms), "interventions": sorted(land.interventions)})
    html, _, _ = render_text(document.model_copy(update={"landscape": by_code}))
    matrix = html[html.index('<table class="matrix">') : html.index("</table>", html.index('<table class="matrix">'))]
    columns = [unescape(c) for c in re.findall(r'<th scope="col" class="num">([^<]+)</th>', matrix)]
    rows = [unescape(r) for r in re.findall(r'<th scope="row">([^<]+)</th>', matrix)]
    t = Translator(language)

    assert columns == [t.label("intervention", i) for i in INTERVENTIONS_IN_ORDER]
    assert rows == [t.label("form", f) for f in FORMS_IN_ORDER]


@pytest.mark.parametrize(
    ("language", "one", "two"),
    [
        ("en", "at least one member organisation endorses", "at least 2 member organisations endorse"),
        ("fr", "au moins une organisation membre approuve", "au moins 2 organisations membres approuvent"),
        ("es", "al menos una organización miembro respalda", "al menos 2 organizaciones miembros respaldan"),
    ],
)
def test_a_rule_of_one_endorsement_says_one_in_words(language: str, one: str, two: str) -> None:
    """The rule most coalitions have (none of their own: one endorsement) reads as a person
    would say it, not "at least 1 organisation"."""
    document = sample_document(language, edition=1)
    document.meta.draft, document.meta.published_on, document.suggestions = False, date(2025, 4, 1), []
    stated = {}
    for quorum in (1, 2):
        document.signoff = SignOff(
            rule=f"quorum:{quorum}", endorsements=[Endorsement(organisation="Shakti Samuha", endorsed=True)]
        )
        html, markdown, _ = render_text(document)
        stated[quorum] = (unescape(html), markdown.replace("\\", ""))

    assert all(one in form for form in stated[1]), stated[1][1][-800:]
    assert all(two in form for form in stated[2])
