"""The public index page of published reports, in English, French or Spanish: editions grouped
by country, newest first, each with its period, coalition, language, edition, publication date
and forms. Self-contained like a report page (inline style, no script)."""

from dataclasses import dataclass
from itertools import groupby

from services.reports.publications.service import Publication
from services.reports.rendering.environment import environment
from services.reports.rendering.i18n import Translator


@dataclass(frozen=True)
class Row:
    href: str
    title: str
    period: str
    coalition: str
    kind: str  # the template's name, in the report's language like its title
    lang: str  # the report's language code, for the entry's lang attribute
    language: str
    edition: str
    published: str


def render_index(items: list[Publication], language: str) -> str:
    t = Translator(language)

    def country(item: Publication) -> str:
        return t.country(item.country, item.country_name)

    def row(item: Publication) -> Row:
        own = Translator(item.language)
        return Row(
            href=f"/v1/reports/public/{item.slug}", title=item.title, period=item.period, coalition=item.coalition,
            kind=own(f"template.{item.template}"), lang=item.language, language=own.language_name(),
            edition=t.number(item.edition), published=t.date(item.published_at.date()),
        )  # fmt: skip

    ordered = sorted(items, key=lambda i: (country(i).casefold(), [-ord(c) for c in i.period], i.coalition))
    groups = [(name, [row(i) for i in rows]) for name, rows in groupby(ordered, key=country)]
    return environment("html").get_template("index.html.j2").render(t=t, language=language, groups=groups)
