"""Words members wrote (their names, statements, testimonies) may hold bidirectional controls:
a right-to-left override left open would turn the report's own words after it around on the
page ("endorsed with" and the next member's name, read backwards). On the rendered page, every
run of text holding such a control must sit alone in an element that isolates it."""

from html.parser import HTMLParser

from pydantic import BaseModel

from services.reports.document import Endorsement, SignOff
from services.reports.rendering import render, render_text
from tests.reports.pdf_text import pdf_pages
from tests.reports.sample_document import sample_document

# Controls that open an embedding, an override or an isolate (each reaches to the end of the
# paragraph when left open).
OPENERS = "\u202a\u202b\u202d\u202e\u2066\u2067\u2068"


class Runs(HTMLParser):
    """Each text run holding an opener, with the element it sits directly in."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in {"br", "img", "meta", "link", "wbr", "hr", "col", "input"}:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self.open and self.open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if any(c in data for c in OPENERS):
            self.found.append((self.open[-1] if self.open else "", data))


def test_members_words_cannot_reorder_the_report_around_them() -> None:
    document = sample_document("en")
    members = ["Evil \u202eFund", "Pourakhi Nepal", "Shakti Samuha"]
    meta = document.meta.model_copy(update={"members": members})
    testimonies = [
        t.model_copy(update={"quote": "We were \u202ekept", "context": "a \u2067kiln"}) for t in document.testimonies
    ]
    signoff = SignOff(
        rule="signatories",
        endorsements=[
            Endorsement(organisation="Haliya \u202bMukti", endorsed=True),
            Endorsement(organisation="Pourakhi Nepal", endorsed=False, statement="We do not \u202eagree"),
        ],
    )
    hostile = document.model_copy(update={"meta": meta, "testimonies": testimonies, "signoff": signoff})
    rendered = render(hostile)
    runs = Runs()
    runs.feed(rendered.html)
    printed = " ".join(pdf_pages(rendered.pdf))

    assert len(runs.found) >= 6, runs.found  # members, signatory, statement, quotes, contexts
    assert [(tag, text) for tag, text in runs.found if tag != "bdi"] == []
    # On paper too: the words after a statement left open read forwards, as a reader extracts them.
    assert "not endorsing this edition" in printed and "noitide siht gnisrodne ton" not in printed


def hostile(value: object) -> object:
    """The same document with a right-to-left override opened in each of its phrases."""
    if isinstance(value, BaseModel):
        return value.model_copy(update={name: hostile(getattr(value, name)) for name in type(value).model_fields})
    if isinstance(value, list):
        return [hostile(item) for item in value]
    if isinstance(value, str) and " " in value:
        return value.replace(" ", " \u202e", 1)
    return value


def test_no_words_of_the_document_reorder_the_page_around_them() -> None:
    """Findings, recommendations, commitments and their responsible bodies, assessments, their
    evidence and their organisations: whatever a template puts on the page. Only the charts'
    own labels (the catalogue's indicator names, which platform admins write) are left out."""
    html, _, _ = render_text(hostile(sample_document("en")))  # type: ignore[arg-type]
    runs = Runs()
    runs.feed(html)

    outside = [(tag, text) for tag, text in runs.found if tag != "bdi"]
    assert len(runs.found) > 60, runs.found
    assert [(tag, text) for tag, text in outside if tag not in {"title", "text"}] == []


ISOLATE_OPENERS = "\u2066\u2067\u2068"
EMBEDDINGS = "\u202a\u202b\u202d\u202e"
PDI = "\u2069"


def unisolated(markdown: str) -> list[str]:
    """Each line of the Markdown (a paragraph, a list item or a table row: where a control left
    open stops) with an embedding or override opened outside every isolate, or with an isolate
    left open at its end; isolates matched as the Unicode bidi algorithm matches them (a PDI
    with no isolate open is ignored)."""
    faults = []
    for line in markdown.splitlines():
        depth = 0
        for c in line:
            if c in EMBEDDINGS and depth == 0:
                faults.append(line)
                break
            if c in ISOLATE_OPENERS:
                depth += 1
            elif c == PDI and depth:
                depth -= 1
        else:
            if depth:
                faults.append(line)
    return faults


def closing_early(value: object) -> object:
    """`hostile`, each phrase also trying to close an isolate around it first, or to leave one of
    its own open for the report's closing mark to match; and each web address overridden."""
    if isinstance(value, BaseModel):
        return value.model_copy(update={n: closing_early(getattr(value, n)) for n in type(value).model_fields})
    if isinstance(value, list):
        return [closing_early(item) for item in value]
    if isinstance(value, str) and value.startswith("https://"):
        return f"{value}/\u202efdp.exe"
    if isinstance(value, str) and " " in value:
        return value.replace(" ", " \u2069\u2069\u202e", 1) + "\u2068"
    return value


def test_no_words_of_the_document_reorder_the_markdown_around_them() -> None:
    """Markdown has no `<bdi>`: words holding a control sit between first-strong isolates (U+2068)
    and their closing marks (U+2069), enough of each that no mark of theirs closes the isolate
    early or keeps it open past them."""
    document = sample_document("en")
    for variant in (hostile(document), closing_early(document)):
        _, markdown, _ = render_text(variant)  # type: ignore[arg-type]

        assert sum("\u202e" in line for line in markdown.splitlines()) > 40
        assert unisolated(markdown) == []
