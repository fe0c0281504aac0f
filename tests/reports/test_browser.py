"""The rendered report in a real browser (Debian's headless Chromium): it loads, lays out and
shows every section."""

import html
import json
import re
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from services.reports.document import Language, Template
from services.reports.publications.index import render_index
from services.reports.publications.service import Publication
from services.reports.rendering import ANCHORS, render_text, section_keys
from services.reports.rendering.i18n import Translator
from tests.reports.sample_document import sample_document
from tests.reports.test_print import long_code_document
from tests.support.programs import program

pytestmark = pytest.mark.process

TIMEOUT = 120


def chromium() -> str:
    return program("chromium", "the browser check needs Debian's chromium package (.ci/run installs it)")


def run_chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--hide-scrollbars",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",  # concurrent runs must not share a profile
        *args,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def write_report(tmp_path: Path, language: Language, template: Template) -> tuple[Path, list[str], Translator]:
    document = sample_document(language, template)
    html, _, _ = render_text(document)
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    return page, section_keys(document), Translator(language)


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_screenshot_of_the_report_is_a_real_page(tmp_path: Path, language: Language) -> None:
    page, _, _ = write_report(tmp_path, language, "accountability-shadow-report")
    shot = tmp_path / "report.png"

    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,4000", page.as_uri())

    assert shot.exists() and shot.stat().st_size > 50_000
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.size == (1280, 4000)
        pixels = image.convert("RGB")
        # not a blank page: dark text on white, and the coloured rules, badges and charts
        colours = pixels.getcolors(maxcolors=1 << 20) or []
        assert len(colours) > 200
        dark = sum(count for count, (r, g, b) in colours if r + g + b < 200)
        assert dark > 5_000
        top, bottom = pixels.crop((0, 0, 1280, 2000)), pixels.crop((0, 2000, 1280, 4000))
        assert top.getbbox() and bottom.getbbox() and len(bottom.getcolors(maxcolors=1 << 20) or []) > 50


@pytest.mark.parametrize(
    ("language", "template"),
    [
        ("en", "accountability-shadow-report"),
        ("fr", "accountability-shadow-report"),
        ("es", "collective-impact"),
    ],
)
def test_rendered_dom_holds_every_section(tmp_path: Path, language: str, template: str) -> None:
    page, keys, t = write_report(tmp_path, language, template)

    dom = run_chromium(tmp_path, "--dump-dom", page.as_uri()).stdout

    assert f'<html lang="{language}">' in dom
    assert "<script" not in dom
    for key in ["title", "contents", *keys]:
        assert f'id="{ANCHORS[key]}"' in dom, key
    text = html.unescape(dom)  # the serialised DOM spells a no-break space "&nbsp;"
    for key in keys:
        assert t(f"section.{key}") in text, key
    assert dom.count("<svg") == 3 and dom.count('class="axis-label"') == 6


def _publications() -> list[Publication]:
    when = datetime(2025, 4, 2, 10, 0, tzinfo=UTC)
    return [
        Publication(uuid.UUID(int=i), f"npl-2024-e{i}", title, iso3, name, period, uuid.UUID(int=99),
                    "Nepal Civil Society Network on SDG 8.7", "accountability-shadow-report", language, 1, when)
        for i, (title, iso3, name, period, language) in enumerate([
            ("Shadow report on SDG 8.7 commitments: Nepal, 2024", "NPL", "Nepal", "2024", "en"),
            ("Rapport alternatif sur les engagements ODD 8.7\u00a0: Côte d’Ivoire, 2024", "CIV", "Cote d'Ivoire", "2024", "fr"),
            ("Informe sombra sobre los compromisos del ODS 8.7: Perú, 2023", "PER", "Peru", "2023", "es"),
        ], 1)
    ]  # fmt: skip


@pytest.mark.parametrize("language", ["en", "fr", "es"])
def test_the_public_index_shows_each_country_and_edition(tmp_path: Path, language: Language) -> None:
    t = Translator(language)
    page = tmp_path / "index.html"
    page.write_text(render_index(_publications(), language), encoding="utf-8")
    shot = tmp_path / "index.png"

    run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1280,1200", page.as_uri())
    dom = html.unescape(run_chromium(tmp_path, "--dump-dom", page.as_uri()).stdout)

    assert f'<html lang="{language}">' in dom and "<script" not in dom
    assert t("index.title") in dom and dom.count('<section class="country">') == 3
    for country in ("Nepal", "Côte d’Ivoire"):
        assert t.country({"Nepal": "NPL", "Côte d’Ivoire": "CIV"}[country], country) in dom
    assert dom.count('href="/v1/reports/public/npl-2024-e') >= 3
    with Image.open(shot) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
        assert image.size == (1280, 1200) and len(colours) > 50


# Measures the laid-out page and writes what it found into the DOM, which --dump-dom prints: the
# cells whose content is wider than they are, the breaks inside a figure id or indicator code other than
# after "_" or "-", and the left edges of the indicators' fact values.
MEASURE = """<script>
const found = {overflowing: [], breaks: [], wrapped: 0, values: []};
for (const cell of document.querySelectorAll("td, th")) {
  if (cell.scrollWidth > cell.clientWidth + 1) found.overflowing.push(cell.textContent.trim());
}
for (const code of document.querySelectorAll(".provenance tr:first-child code, table.series code")) {
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let text = "", tops = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      text += node.data[i]; tops.push(Math.round(range.getBoundingClientRect().top));
    }
  }
  if (tops[tops.length - 1] > tops[0]) found.wrapped += 1;
  for (let i = 1; i < tops.length; i++) {
    if (tops[i] > tops[i - 1] && !"_-".includes(text[i - 1])) found.breaks.push(text.slice(i - 1, i + 1));
  }
}
for (const dd of document.querySelectorAll(".indicator .facts dd")) found.values.push(Math.round(dd.getBoundingClientRect().left));
document.body.insertAdjacentHTML("beforeend", "<pre id=measured>" + JSON.stringify(found) + "</pre>");
</script>"""


@pytest.mark.parametrize(("language", "width"), [("en", 1280), ("fr", 1280), ("es", 800)])
def test_codes_wrap_between_words_cells_hold_their_text_and_fact_values_align(
    tmp_path: Path, language: Language, width: int
) -> None:
    document = long_code_document(language)
    page = tmp_path / "measured.html"
    html_text = render_text(document)[0].replace("</body>", MEASURE + "</body>")
    page.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html_text), encoding="utf-8")

    dom = run_chromium(tmp_path, f"--window-size={width},2000", "--dump-dom", page.as_uri()).stdout
    found = json.loads(html.unescape(re.search(r"<pre id=\"measured\">(.*?)</pre>", dom, re.DOTALL).group(1)))

    assert found["overflowing"] == []
    assert found["breaks"] == [] and found["wrapped"] >= 6  # the longest ids and codes do wrap
    assert len(found["values"]) >= 15 and len(set(found["values"])) == 1, found["values"]
