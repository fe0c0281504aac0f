"""The rendered report in a real browser (Debian's headless Chromium): it loads, lays out and
shows every section."""

import html
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from services.reports.document import Language, Template
from services.reports.rendering import ANCHORS, render_text, section_keys
from services.reports.rendering.i18n import Translator
from tests.reports.sample_document import sample_document

TIMEOUT = 120


def chromium() -> str:
    found = shutil.which("chromium")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is required in CI: install Debian's chromium package (.ci/run does)")
    pytest.skip("Chromium is not installed: the browser check needs Debian's chromium package")


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


def test_screenshot_of_the_report_is_a_real_page(tmp_path: Path) -> None:
    page, _, _ = write_report(tmp_path, "en", "accountability-shadow-report")
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
