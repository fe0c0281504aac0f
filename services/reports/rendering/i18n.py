"""Fixed labels, numbers and dates in the report's language. User content never passes through
the catalogues: it is shown as given."""

import re
from datetime import UTC, date, datetime

from babel import Locale
from babel.core import get_global
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

from services.reports.rendering.messages import CATALOGUES

# CLDR's minimumGroupingDigits where it is not 1 (of the report languages): a number is grouped
# only from this many digits before the first separator.
MIN_GROUPING_DIGITS = {"es": 2}


class Translator:
    def __init__(self, language: str) -> None:
        self.language = language
        self.locale = Locale.parse(language)
        self.messages = CATALOGUES[language]

    def __call__(self, key: str, /, **values: object) -> str:
        message = self.messages[key]
        if isinstance(message, dict):
            count = values["count"]
            assert isinstance(count, int | float)
            # "zero" is no CLDR category of these languages: a message may give it to say "none" in words.
            form = "zero" if count == 0 and "zero" in message else self.locale.plural_form(count)
            message = message.get(form) or message["other"]
            values = {**values, "count": self.number(count)}
        return message.format(**values) if values else message

    def label(self, prefix: str, slug: str) -> str:
        """A vocabulary term ("form", "intervention", "region" ...); an unknown slug is shown readably."""
        key = f"{prefix}.{slug}"
        if key in self.messages:
            return self(key)
        return slug.replace("_", " ").capitalize()

    def term(self, prefix: str, value: str) -> str:
        """A term of an open vocabulary (units): its translation when the catalogue has one, else as given."""
        key = f"{prefix}.{value}"
        return self(key) if key in self.messages else value

    def number(self, value: float) -> str:
        # CLDR's minimum grouping digits, which Babel does not apply: Spanish writes 1204 and 12.040.
        grouped = abs(value) >= 10 ** (2 + MIN_GROUPING_DIGITS.get(self.language, 1))
        return format_decimal(value, locale=self.locale, group_separator=grouped)

    def quantity(self, value: float, unit: str, catalogue_unit: str | None = None) -> str:
        """A value with its unit, as a reader expects it beside a period: "1,204 people", "35%",
        "35 %". `unit` is in the report's language; `catalogue_unit` (the catalogue's English
        unit) tells a percentage apart whatever its translation."""
        if (catalogue_unit or unit) == "percent":
            return self("unit.percent_value", value=self.number(value))
        return self("unit.value", value=self.number(value), unit=unit)

    def join(self, items: list[str]) -> str:
        """A list in words: "2023 and 2024", "2023 et 2024", "2023 y 2024"."""
        return format_list(items, locale=self.locale)

    def percent(self, share: float) -> str:
        return format_percent(share, locale=self.locale)

    def date(self, day: date, short: bool = False) -> str:
        text = format_date(day, "medium" if short else "long", locale=self.locale)
        if self.language == "fr" and day.day == 1:  # French writes the first of a month as an ordinal
            return re.sub(r"^1(?!\d)", "1er", text)
        return text

    def datetime(self, moment: datetime, short: bool = False) -> str:
        moment = utc(moment)
        time = format_time(moment, "HH:mm", locale=self.locale)
        return self("title.datetime", date=self.date(moment.date(), short), time=time)

    def language_name(self) -> str:
        """The report's language in itself: "English", "Français", "Español"."""
        name = self.locale.get_display_name(self.locale) or self.language
        return name[:1].upper() + name[1:]

    def country(self, iso3: str, given: str) -> str:
        """The country's name in the report's language (CLDR), or the name as given."""
        alpha2 = get_global("territory_aliases").get(iso3.upper())
        if alpha2:
            return self.locale.territories.get(alpha2[0], given)
        return given


def utc(moment: datetime) -> datetime:
    """Inputs are stored in UTC; a naive time is taken to be UTC already."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
