import csv
import hashlib
import io
import json
import re
import string
import zlib
from html import escape, unescape
from html.parser import HTMLParser

import pytest

from services.reports.document import Language, Recommendation, ReportDocument
from services.reports.rendering import (
    ANCHORS,
    canonical_json,
    document_from_json,
    page_count,
    render,
    render_paper,
    render_text,
    sdmx_csv,
    section_keys,
)
from services.reports.rendering.charts import TITLE_CHARS, title_lines
from services.reports.rendering.html import breakable
from services.reports.rendering.i18n import Translator
from services.reports.rendering.markdown import escape as md_escape
from services.reports.rendering.messages import CATALOGUES
from services.reports.rendering.view import anchor
from services.reports.runs.gather import TITLES
from tests.reports.sample_document import PUBLISHED, WITHHELD, sample_document, sparse_document

LANGUAGES = ("en", "fr", "es")
TEMPLATES = ("accountability-shadow-report", "collective-impact")
ALL_SECTIONS = [  # of a draft: the sign-off section comes with publication
    "summary",
    "methodology",
    "context",
    "scorecard",
    "indicators",
    "landscape",
    "voices",
    "recommendations",
    "annex",
    "changes",
]


def pdf_streams(pdf: bytes) -> list[bytes]:
    """The PDF's streams, inflated where they are compressed (objects live in object streams)."""
    streams = []
    for raw in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            streams.append(zlib.decompress(raw))
        except zlib.error:
            streams.append(raw)
    return streams


def svg_charts(html: str) -> list[str]:
    return re.findall(r"<svg .*?</svg>", html, re.DOTALL)


class Anchors(HTMLParser):
    """Ids, fragment links and element names of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.fragments: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        for name, value in attrs:
            if name == "id" and value:
                self.ids.append(value)
            if name == "href" and value and value.startswith("#"):
                self.fragments.append(value[1:])


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_section_is_present_in_order_in_html_and_markdown(language: str, template: str) -> None:
    document = sample_document(language, template)
    html, markdown, _ = render_text(document)
    t = Translator(language)

    keys = section_keys(document)
    assert sorted(keys) == sorted(ALL_SECTIONS)
    html_positions, md_positions = [], []
    for key in ["title", "contents", *keys]:
        assert f'id="{ANCHORS[key]}"' in html, key
        assert f'<a id="{ANCHORS[key]}"></a>' in markdown, key
        html_positions.append(html.index(f'id="{ANCHORS[key]}"'))
        md_positions.append(markdown.index(f'<a id="{ANCHORS[key]}"></a>'))
    for key in keys:
        title = t(f"section.{key}")
        assert f"</span>{title}</h2>" in html
        assert f"## {keys.index(key) + 1}. {md_escape(title)}\n" in markdown
        assert f'<a href="#{ANCHORS[key]}">' in html and f"(#{ANCHORS[key]})" in markdown
    assert html_positions == sorted(html_positions) and md_positions == sorted(md_positions)


@pytest.mark.parametrize("template", TEMPLATES)
def test_the_page_title_is_the_reports_own_title(template: str) -> None:
    """The title names the country and period already: the browser tab and the PDF's metadata
    show it as it is, not with the two repeated after it."""
    document = sample_document("es", template)

    html, _, _ = render_text(document)

    assert [unescape(t) for t in re.findall(r"<title>(.*?)</title>", html)] == [document.meta.title]
    assert all("{country}" in title and "{period}" in title for title in TITLES.values())


def test_collective_impact_leads_with_figures_and_landscape() -> None:
    assert section_keys(sample_document(template="collective-impact"))[:2] == ["indicators", "landscape"]
    assert section_keys(sample_document(template="accountability-shadow-report"))[:4] == [
        "summary",
        "methodology",
        "context",
        "scorecard",
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_parts_say_so_and_collective_impact_omits_an_empty_scorecard(language: str) -> None:
    t = Translator(language)
    impact = sparse_document(language, "collective-impact")
    shadow = sparse_document(language, "accountability-shadow-report")

    assert "scorecard" not in section_keys(impact) and "changes" not in section_keys(impact)
    assert "scorecard" in section_keys(shadow)
    html, markdown, _ = render_text(impact)
    assert 'id="scorecard"' not in html and 'id="changes"' not in html
    for key in ("indicators.empty", "voices.empty", "recommendations.empty", "annex.empty", "landscape.empty",
                "context.empty", "summary.no_findings", "method.no_limits", "draft.todo_findings"):  # fmt: skip
        assert t(key) in html and md_escape(t(key)) in markdown
    shadow_html, shadow_md, _ = render_text(shadow)
    assert t("scorecard.empty") in shadow_html and md_escape(t("scorecard.empty")) in shadow_md
    # No commitment rated under a milestone: its ratings cell shows a dash rather than nothing.
    none = t("summary.commitment_count", count=0)
    assert shadow_html.count(f'<td class="count">{none}</td>\n<td>—</td>') == 5
    assert shadow_md.count(f"| {none} | — |") == 5


def test_catalogues_have_the_same_keys_and_placeholders() -> None:
    def fields(message: str | dict[str, str]) -> set[str]:
        texts = message.values() if isinstance(message, dict) else [message]
        return {name for text in texts for _, name, _, _ in string.Formatter().parse(text) if name}

    english = CATALOGUES["en"]
    for language, catalogue in CATALOGUES.items():
        assert catalogue.keys() == english.keys(), language
        for key, message in catalogue.items():
            assert fields(message) == fields(english[key]), (language, key)


def test_fixed_labels_are_translated_per_language() -> None:
    rendered = {language: render_text(sample_document(language)) for language in LANGUAGES}
    keys = [
        *(f"section.{key}" for key in ALL_SECTIONS),
        *(f"rating.{r}" for r in ("achieved", "in_progress", "not_started", "regressed", "not_assessed")),
        *(f"milestone.{m}" for m in ("survivors", "justice", "coordination", "risk_factors", "supply_chains")),
        "scorecard.dissent",
        "status.C",
        "status.D",
        "template.accountability-shadow-report",
    ]
    for key in keys:
        labels = {language: Translator(language)(key) for language in LANGUAGES}
        assert len(set(labels.values())) == 3, (key, labels)
        for language, label in labels.items():
            html, markdown, _ = rendered[language]
            assert label in html and md_escape(label) in markdown, (language, key)
            others = [other for lang, other in labels.items() if lang != language]
            assert not any(f">{other}<" in html for other in others), (language, key)
    for language in LANGUAGES:
        assert f'<html lang="{language}">' in rendered[language][0]


def test_the_web_page_links_to_its_forms_in_its_language_and_the_paper_page_does_not() -> None:
    """The PDF, and the JSON and SDMX-CSV files the annex says are published beside the page."""
    href = "/v1/reports/public/npl-2024-e1-0a1b2c3d"
    forms = (("pdf", "application/pdf", "title.pdf"), ("json", "application/json", "title.json"),
             ("csv", "text/csv", "title.sdmx"))  # fmt: skip

    for _, _, key in forms:
        assert len({Translator(language)(key) for language in LANGUAGES}) == 3, key
    for language in LANGUAGES:
        html, _, _ = render_text(sample_document(language), forms_href=href)
        for extension, media_type, key in forms:
            label = Translator(language)(key)
            assert f'<a href="{href}/report.{extension}" type="{media_type}">{label}</a>' in html, (language, key)
    for page in (render_text(sample_document("fr"))[0], render_paper(sample_document("fr"))):
        assert "application/pdf" not in page and "report.json" not in page and "text/csv" not in page


def test_dates_and_numbers_follow_the_language() -> None:
    en, _, _ = render_text(sample_document("en"))
    fr, _, _ = render_text(sample_document("fr"))
    es, _, _ = render_text(sample_document("es"))

    assert "March 14, 2025" in en and "14 mars 2025" in fr and "14 de marzo de 2025" in es
    # The roadmap was adopted on the first of a month, which French writes as an ordinal.
    assert "September 1, 2020" in en and "1er septembre 2020" in fr and "1 de septiembre de 2020" in es
    assert ">1 septembre 2020<" not in fr
    # Spanish groups from five digits (CLDR's minimum grouping digits; RAE: "1347", "12.040").
    assert ">1,347<" in en and ">1\u202f347<" in fr and ">1347<" in es and ">1.347<" not in es
    assert Translator("es").number(12040) == "12.040" and Translator("es").number(-1204) == "-1204"
    assert ">41.5<" in en and ">41,5<" in fr and ">41,5<" in es
    assert "Népal" in fr and "Nepal" in es  # country names from CLDR


def test_user_content_is_escaped_in_html_and_markdown() -> None:
    html, markdown, _ = render_text(sample_document("en", hostile=True))
    page = Anchors()
    page.feed(html)

    assert "script" not in page.tags
    assert "<script" not in html.lower() and "&lt;script&gt;" in html
    assert 'href="javascript' not in html.lower()
    assert not re.search(r"(?<!\\)<script", markdown, re.IGNORECASE) and r"\<script\>" in markdown
    assert not re.search(r"(?<!\\)\]\(javascript", markdown)  # the hostile "[link](...)" stays text
    # every table row keeps its number of columns although user content holds "|"
    for table in re.findall(r"(?:^\|.*\|\n)+", markdown, re.MULTILINE):
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in table.splitlines()}
        assert len(widths) == 1, table


def test_page_loads_nothing_from_outside_and_runs_nothing() -> None:
    html, _, _ = render_text(sample_document("fr"))
    page = Anchors()
    page.feed(html)

    assert not page.tags & {"script", "link", "img", "iframe", "object", "embed"}
    assert "url(" not in html and "@import" not in html and "src=" not in html
    assert "default-src 'none'" in html  # the Content-Security-Policy forbids anything else


@pytest.mark.parametrize("language", LANGUAGES)
def test_anchors_are_unique_and_every_link_has_a_target(language: str) -> None:
    html, markdown, _ = render_text(sample_document(language))
    page = Anchors()
    page.feed(html)

    assert len(page.ids) == len(set(page.ids))
    assert set(page.fragments) <= set(page.ids)
    md_ids = set(re.findall(r'<a id="([^"]+)"></a>', markdown))
    assert set(re.findall(r"\]\(#([^)]+)\)", markdown)) <= md_ids


@pytest.mark.parametrize("language", LANGUAGES)
def test_published_figures_link_to_their_provenance_and_withheld_ones_show_no_value(language: str) -> None:
    document = sample_document(language)
    html, markdown, _ = render_text(document)
    t = Translator(language)

    units = {i.code.upper(): (t.term("unit", i.unit), i.catalogue_unit) for i in document.indicators}
    for figure_id, value in PUBLISHED.items():
        target = anchor("fig", figure_id)
        # A baseline or target stands beside its period, not under a column naming the unit: it carries it.
        text = t.quantity(value, *units[figure_id[2:-9]]) if figure_id[0] in "BT" else t.number(value)
        assert f'<a class="figure" href="#{target}">{text}</a>' in html, figure_id
        assert f"[{md_escape(text)}](#{target})" in markdown, figure_id
        assert f'<tbody id="{target}" class="entry">' in html and f'<a id="{target}"></a>' in markdown
    for figure_id, status in WITHHELD.items():
        target = anchor("fig", figure_id)
        label = t(f"status.{status}")
        assert f'<a class="figure withheld" href="#{target}">{label}</a>' in html, figure_id
        assert f"[*{md_escape(label)}*](#{target})" in markdown, figure_id
        assert t(f"reason.{status}") in html and md_escape(t(f"reason.{status}")) in markdown


def test_a_withheld_figure_is_never_shown_even_if_a_value_slipped_through() -> None:
    document = sample_document("en")
    indicator = document.indicators[0]
    leaked = [p.model_copy(update={"value": 98765.4}) if p.status != "F" else p for p in indicator.series]
    document.indicators[0] = indicator.model_copy(update={"series": leaked})
    html, markdown, _ = render_text(document)

    for text in ("98765", "98,765", "98\u202f765"):
        assert text not in html and text not in markdown


def test_charts_have_a_title_axis_labels_unit_and_gaps_for_withheld_points() -> None:
    html, _, _ = render_text(sample_document("es"))
    t = Translator("es")
    charts = svg_charts(html)

    assert len(charts) == 3
    for chart, unit in zip(charts, ("personas", "porcentaje", "personas condenadas"), strict=True):  # units translated
        assert "<title id=" in chart and "<script" not in chart
        labels = re.findall(r'<text class="axis-label"[^>]*>([^<]*)</text>', chart)
        assert labels == [t("indicators.period"), unit]
    people, share, convictions = charts
    # 2021-2022 joined; 2023 withheld leaves a gap; 2024 stands alone, after a break (the coalition's figure)
    assert len(re.findall(r"<polyline ", people)) == 1 and people.count('<line class="break"') == 1
    assert t("status.C") in people and "2500.0" not in people and ">2500 (2030)<" in people  # es: no 4-digit group
    assert t("indicators.target") in people and t("indicators.baseline") in people
    assert t("status.D") in share
    assert "<polyline " not in convictions and convictions.count("<circle ") == 1


def test_canonical_json_round_trips_to_the_same_document() -> None:
    document = sample_document("fr", hostile=True)
    document.recommendations.append(Recommendation(addressee="trade_unions", text="Côte d’Ivoire — 8.7"))
    data = canonical_json(document)

    assert document_from_json(data) == document
    assert ReportDocument.model_validate(json.loads(data)) == document
    assert data == json.dumps(json.loads(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert "Côte d’Ivoire".encode() in data
    assert canonical_json(document_from_json(data)) == data


@pytest.mark.parametrize("template", TEMPLATES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_document_renders_byte_identical_text_forms(language: str, template: str) -> None:
    first = render_text(sample_document(language, template))
    second = render_text(sample_document(language, template))

    assert first == second
    html, markdown, data = first
    assert hashlib.sha256(data).hexdigest() in html and hashlib.sha256(data).hexdigest() in markdown


def test_pdf_has_several_numbered_pages_and_is_reproducible() -> None:
    document = sample_document("fr")
    first = render(document)
    second = render(sample_document("fr"))

    assert first.pdf.startswith(b"%PDF-")
    assert page_count(first.html) > 1
    assert first.pdf == second.pdf
    objects = b"".join(pdf_streams(first.pdf))
    assert b"D:20250314093000" in objects  # the creation date is the as-of time, not the clock


def test_codes_and_ids_may_wrap_after_each_separator_on_the_page_and_on_paper() -> None:
    html, markdown, _ = render_text(sample_document())
    paper = render_paper(sample_document())

    web_id, paper_id = (
        "F-<wbr>PEOPLE_<wbr>IDENTIFIED-<wbr>NPL-<wbr>2021",
        "F-\u200bPEOPLE_\u200bIDENTIFIED-\u200bNPL-\u200b2021",
    )
    assert html.count(f"<code>{web_id}</code>") == 2  # the series table and the annex
    assert "<code>survivors_<wbr>in_<wbr>decent_<wbr>work</code>" in html  # the annex's indicator column
    assert paper.count(paper_id) == 2 and "<wbr>" not in paper
    assert "<wbr>" not in markdown and "\u200b" not in markdown and "F-PEOPLE_IDENTIFIED-NPL-2021" in markdown
    assert breakable("<a_b>-") == "&lt;a_<wbr>b&gt;-" and breakable("a-b", paper=True) == "a-\u200bb"


def test_series_tables_name_their_columns_for_their_widths() -> None:
    html, _, _ = render_text(sample_document())
    paper = render_paper(sample_document())

    columns = ["period", "value num", "count num", "notes", "figure-ids"]
    header = "".join(f'<th scope="col" class="{c}">' for c in columns)
    for page in (html, paper):
        heads = re.findall(r'<table class="series">.*?<thead><tr>(.*?)</tr></thead>', page, re.DOTALL)
        assert len(heads) == 3 and all(re.sub(r"(<th [^>]*>)[^<]*</th>", r"\1", h) == header for h in heads)
    assert html.count('<td class="figure-id">') == paper.count('<td class="figure-id">') == 10


def test_the_pdf_is_tagged_in_the_reports_language() -> None:
    """Headings, tables with their header cells and the charts' text are in the file's
    structure tree for a screen reader (WeasyPrint's pdf_tags)."""
    pdf = render(sample_document("es")).pdf
    objects = pdf + b"".join(pdf_streams(pdf))

    assert b"/StructTreeRoot" in objects and re.search(rb"/MarkInfo\s*<<\s*/Marked true", objects)
    assert b"/Lang (es)" in objects
    assert objects.count(b"/S /H2") >= 10 and b"/S /TH" in objects and objects.count(b"/Alt") == 3


def _section(page: str, anchor_id: str, tag: str = " ") -> str:
    """The text of one section of a page, each tag replaced by `tag`, spaces collapsed."""
    start = page.index(f'<section id="{anchor_id}"')
    body = page[start : page.index("</section>", start)]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", tag, body)))


@pytest.mark.parametrize(
    ("language", "baseline", "target"),
    [
        ("en", ["1,204\u00a0people (2020)", "35% (2021)"], ["2,500\u00a0people (2030)", "60% (2030)"]),
        ("fr", ["1\u202f204\u00a0personnes (2020)", "35\u00a0% (2021)"], ["2\u202f500\u00a0personnes (2030)", "60\u00a0% (2030)"]),
        ("es", ["1204\u00a0personas (2020)", "35\u00a0% (2021)"], ["2500\u00a0personas (2030)", "60\u00a0% (2030)"]),
    ],
)  # fmt: skip
def test_a_baseline_and_a_target_carry_their_unit(language: Language, baseline: list[str], target: list[str]) -> None:
    """Beside its period, outside any column that names the unit, "35 (2021)" could be a count
    or a share: the value says which."""
    document = sample_document(language)
    html, markdown, _ = render_text(document)
    paper = render_paper(document)
    text = unescape(re.sub(r"<[^>]+>", "", html))

    for expected in [*baseline, *target]:
        assert expected in text and expected in unescape(re.sub(r"<[^>]+>", "", paper))
        assert expected in re.sub(r"\]\(#[^)]*\)|[\[\]\\]", "", markdown)


def test_withheld_figures_carry_no_contributor_count_even_if_one_slipped_through() -> None:
    """The sample's withheld points are given the count the privacy layer would not give (2 for a
    figure withheld because too few contributed): the document does not keep it, and the table
    and the annex show a dash, even for a point that carries one regardless."""
    document = sample_document("en")
    assert document.indicators[0].series[2].contributors is None  # F-PEOPLE_IDENTIFIED-NPL-2023, withheld (C)
    # As if built without validation (a document of another version): the page still shows none.
    document.indicators[0].series[2] = document.indicators[0].series[2].model_copy(update={"contributors": 2})
    html, markdown, _ = render_text(document)

    row = re.search(r'<th scope="row">2023</th>\s*<td class="num"><a class="figure withheld"[^>]*>[^<]*</a></td>\s*'
                    r'<td class="num">([^<]*)</td>', html)  # fmt: skip
    entry = re.search(
        r'<tbody id="fig-f-people-identified-npl-2023".*?<td>2023</td>\s*<td class="num">([^<]*)</td>', html, re.S
    )
    md_row = re.search(
        r"^\| 2023 \| \[\*withheld \(C\)\*\]\(#fig-f-people-identified-npl-2023\) \| ([^|]*) \|", markdown, re.M
    )

    assert row and entry and md_row
    assert row.group(1) == entry.group(1) == md_row.group(1).strip() == "–"


def test_the_data_files_carry_no_contributor_count_of_a_withheld_figure() -> None:
    """The data files say what the page says: a figure withheld because too few organisations
    contributed does not tell, in the JSON or in the SDMX-CSV, how few (here 2, which the sample
    carries as if the privacy layer had let it through), nor does a figure withheld by the
    sensitive-count floor tell its count."""
    document = sample_document("en")
    data = json.loads(canonical_json(document))
    rows = list(csv.DictReader(io.StringIO(sdmx_csv(document))))

    points = [p for i in data["indicators"] for p in i["series"] if p["status"] != "F"]
    entries = [e for e in data["provenance"] if e["status"] != "F"]
    cells = [r for r in rows if r["OBS_CONF"] != "F"]
    assert {p["figure_id"] for p in points} == {e["figure_id"] for e in entries} == set(WITHHELD)
    assert len(cells) == len(WITHHELD)
    assert [p["contributors"] for p in points] == [None] * len(points)
    assert [p["value"] for p in points] == [None] * len(points)
    assert [e["contributors"] for e in entries] == [None] * len(entries)
    assert [(r["OBS_VALUE"], r["CONTRIBUTORS"]) for r in cells] == [("", "")] * len(cells)
    # Published figures keep theirs.
    assert all(r["CONTRIBUTORS"].isdigit() for r in rows if r["OBS_CONF"] == "F")


@pytest.mark.parametrize("language", LANGUAGES)
def test_linked_indicators_are_named_as_readers_know_them(language: Language) -> None:
    document = sample_document(language)
    html, markdown, _ = render_text(document)
    names = {i.code: i.name for i in document.indicators}
    md_scorecard = markdown[markdown.index('<a id="scorecard">') : markdown.index('<a id="indicators">')]

    for page in (html, render_paper(document)):
        scorecard = _section(page, "scorecard")
        assert names["people_identified"] in scorecard and names["convictions"] in scorecard
        assert not re.search(r"people_?\s?identified|survivors_in|\bconvictions\b", scorecard)
        assert f'<a href="#ind-convictions">{escape(names["convictions"])}</a>' in page
    assert f"[{md_escape(names['convictions'])}](#ind-convictions)" in md_scorecard
    assert "people\\_identified" not in md_scorecard


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_methodology_says_how_commitments_and_milestones_are_rated(language: Language) -> None:
    """A government must not be able to ask what "in progress" means or how a milestone got its
    rating: the methodology defines every rating, and the summary says a milestone is only as far
    along as its least advanced rated commitment."""
    document = sample_document(language)
    html, markdown, _ = render_text(document)
    t = Translator(language)
    methodology, summary = _section(html, "methodology", tag=""), _section(html, "summary")
    flat_markdown = re.sub(r"\s+", " ", markdown.replace("\\", ""))

    def flat(text: str) -> str:
        return re.sub(r"\s+", " ", text)

    assert flat(t("method.ratings")) in methodology and flat(t("method.ratings_intro")) in methodology
    for rating in ("achieved", "in_progress", "not_started", "regressed", "not_assessed"):
        definition = flat(t("label.value", label=t(f"rating.{rating}"), value=t(f"rating_def.{rating}")))
        assert definition in methodology and definition in flat_markdown
    assert flat(t("summary.intro", coalition=document.meta.coalition.name)) in summary
    assert {"en": "least advanced", "fr": "le moins avancé", "es": "menos avanzado"}[language] in summary


def test_a_long_chart_title_wraps_instead_of_running_off_the_chart() -> None:
    """The French name of the decent-work indicator and its unit make a title of 91 characters,
    which one line of the chart cut at "(pource"."""
    html, _, _ = render_text(sample_document("fr"))
    share = svg_charts(html)[1]
    title = unescape(re.search(r"<title[^>]*>([^<]*)</title>", share).group(1))  # type: ignore[union-attr]
    shown = re.search(r'<text class="title"[^>]*>(.*?)</text>', share).group(1)  # type: ignore[union-attr]
    lines = [unescape(line) for line in re.split(r"<tspan[^>]*>|</tspan>", shown) if line]
    height = int(re.search(r'<svg [^>]*height="(\d+)"', share).group(1))  # type: ignore[union-attr]

    assert len(title) > TITLE_CHARS and title.endswith("(pourcentage)")
    assert len(lines) == 2 and " ".join(lines) == title and all(len(line) <= TITLE_CHARS for line in lines)
    assert height > int(re.search(r'<svg [^>]*height="(\d+)"', svg_charts(html)[0]).group(1))  # type: ignore[union-attr]
    assert title_lines("a " * 10) == ["a a a a a a a a a a"] and title_lines("x" * 90) == ["x" * 90]


def test_a_dissenting_assessment_is_shown_once_in_its_marked_box() -> None:
    """The scorecard gives every assessment, the dissenting ones among them, and the dissent
    apart: the report showed each dissenting assessment twice, once as evidence and once in the box."""
    document = sample_document("en")
    referral, haliya = document.scorecard[0], document.scorecard[1]
    assert referral.dissent[0] in referral.assessments  # as `accountability.scorecard` gives them
    haliya.dissent = list(haliya.assessments)  # every assessment dissents
    closed = referral.dissent[0].evidence
    html, markdown, _ = render_text(document)
    t = Translator("en")

    for page in (html, render_paper(document)):
        scorecard = _section(page, "scorecard")
        assert scorecard.count(closed) == 1
        box = page[page.index('<div class="dissent"') :]
        assert closed in box[: box.index("</div>")]
        assert t("scorecard.all_dissent") in scorecard and scorecard.count(haliya.assessments[0].evidence) == 1
    assert markdown.count(md_escape(closed)) == 1
    assert markdown.count(md_escape(t("scorecard.all_dissent"))) == 1


@pytest.mark.parametrize(
    ("language", "scope"),
    [("en", "not national totals"), ("fr", "non de totaux nationaux"), ("es", "no totales nacionales")],
)
def test_the_indicators_say_their_figures_are_no_national_totals(language: Language, scope: str) -> None:
    """A government must not dismiss the figures as a bad national count, nor the report overclaim:
    they count what the reporting organisations did or saw."""
    html, markdown, _ = render_text(sample_document(language))

    assert scope in _section(html, "indicators") and scope in re.sub(r"\s+", " ", markdown)
