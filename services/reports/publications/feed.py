"""The Atom feed (RFC 4287) of published editions, newest first. Links are root-relative unless
`REPORTS_PUBLIC_BASE_URL` is set; ids are `urn:uuid:` of the run, so an entry keeps its id."""

from datetime import datetime
from xml.etree import ElementTree as ET

from services.reports.publications.service import Publication
from services.reports.rendering.i18n import Translator

ATOM = "http://www.w3.org/2005/Atom"
FEED_ID = "urn:coalition-hub:reports:published"


def _stamp(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def atom(items: list[Publication], base_url: str, now: datetime) -> bytes:
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    if base_url:
        feed.set("xml:base", base_url.rstrip("/") + "/")

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    sub(feed, "id", FEED_ID)
    sub(feed, "title", "Coalition Hub: published shadow reports")
    sub(feed, "updated", _stamp(items[0].published_at if items else now))
    sub(feed, "link", rel="self", type="application/atom+xml", href="/v1/reports/public/feed.atom")
    sub(feed, "link", rel="alternate", type="text/html", href="/v1/reports/public/index.html")
    for item in items:
        t = Translator(item.language)
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:uuid:{item.run_id}")
        sub(entry, "title", item.title)
        sub(entry, "updated", _stamp(item.published_at))
        sub(entry, "published", _stamp(item.published_at))
        page = f"/v1/reports/public/{item.slug}"
        sub(entry, "link", rel="alternate", type="text/html", hreflang=item.language, href=page)
        sub(entry, "link", rel="enclosure", type="application/pdf", hreflang=item.language, href=f"{page}/report.pdf")
        author = sub(entry, "author")
        sub(author, "name", item.coalition)
        sub(entry, "category", term=item.country, label=t.country(item.country, item.country_name))
        summary = " · ".join(
            [t(f"template.{item.template}"), t.country(item.country, item.country_name), item.period,
             t("label.value", label=t("title.edition"), value=t.number(item.edition))]
        )  # fmt: skip
        sub(entry, "summary", summary).set("xml:lang", item.language)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
