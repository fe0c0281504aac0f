"""The report as GitHub-flavoured Markdown: the same sections as the HTML, charts given as tables.
Every expression a template prints is escaped unless it is `Md` (Markdown built here), so user
content can neither inject HTML nor break a table, and isolated when it holds a bidirectional
control, so it cannot reorder the words around it."""

import re

from services.reports.rendering.environment import BIDI_CONTROLS, environment
from services.reports.rendering.indicators import Figure
from services.reports.rendering.view import ReportView

SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#~&])")


class Md(str):
    """Markdown that is safe to print as it is."""


FSI, PDI = "\u2068", "\u2069"
ISOLATE_INITIATORS = re.compile("[\u2066-\u2068]")


def isolated(text: str) -> str:
    """Text holding a bidirectional control between first-strong isolates: one more than the PDIs
    it holds, which could close them early, and closed by as many PDIs plus one for each isolate
    it opens itself, which would take the closing ones for its own. The bidi algorithm ignores
    a PDI left over."""
    if not BIDI_CONTROLS.search(text):
        return text
    opened = text.count(PDI) + 1
    return FSI * opened + text + PDI * (opened + len(ISOLATE_INITIATORS.findall(text)))


def escape(value: object) -> str:
    if isinstance(value, Md):
        return value
    # Line breaks and tabs would end a table row or a paragraph; no-break spaces are kept.
    text = SPECIAL.sub(r"\\\1", re.sub(r"[ \t\r\n\f\v]+", " ", str(value)).strip(" "))
    # A leading "1." or "-" would start a list, a leading "=" or "+" something else.
    return isolated(re.sub(r"^(\d+)([.)])(?=\s|$)", r"\1\\\2", re.sub(r"^([-+=])", r"\\\1", text)))


def figure(f: Figure) -> Md:
    text = f"*{escape(f.text)}*" if f.withheld else escape(f.text)
    return Md(f"[{text}](#{f.link})" if f.link else text)


def code(text: str) -> Md:
    return Md(f"`{text}`") if re.fullmatch(r"[\w.:/?=&%-]+", text) else Md(escape(text))


def link(url: str) -> Md:
    """A web address as a link (only http and https), anything else as text."""
    address = re.fullmatch(r"https?://[^\s<>|]+", url, re.IGNORECASE) and not BIDI_CONTROLS.search(url)
    return Md(f"<{url}>") if address else code(url)


def links(urls: list[str]) -> Md:
    return joined([link(url) for url in urls])


def figure_at(f: Figure) -> Md:
    return Md(f"{figure(f)} ({escape(f.period)})")


def joined(items: list[Md]) -> Md:
    return Md(", ".join(items))


def anchor_link(text: object, target: str | None) -> Md:
    return Md(f"[{escape(text)}](#{target})") if target else Md(escape(text))


def quote(text: str) -> Md:
    lines = [escape(line) if line.strip() else "" for line in str(text).splitlines()] or [""]
    return Md("\n".join(f"> {line}".rstrip() for line in lines))


def render_markdown(view: ReportView) -> str:
    def labelled(label: str, value: object) -> Md:
        """Label and value joined with the language's punctuation (French puts a space before the colon)."""
        return Md(view.t("label.value", label=escape(label), value=escape(value)))

    def indicator_links(codes: list[str]) -> Md:
        return Md(
            view.t("list.separator").join(
                anchor_link(view.indicator_name(code_), view.indicator_link(code_)) for code_ in codes
            )
        )

    template = environment("markdown", escape).get_template("report.md.j2")
    text = template.render(
        v=view,
        t=view.t,
        fig=figure,
        code=code,
        links=links,
        anchor_link=anchor_link,
        figure_at=figure_at,
        indicator_links=indicator_links,
        quote=quote,
        labelled=labelled,
        Md=Md,
    )
    # One blank line between blocks, one newline at the end.
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
