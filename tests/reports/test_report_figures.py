"""Which figure a report shows for a period: the coalition's (public values plus those its
members share with it) only where it adds enough organisations to the public figure that the
difference cannot single out one organisation's shared value; the public figure otherwise."""

from typing import Any

from services.reports.runs.gather import _safest


def cells(*rows: tuple[str, str | None, int, str]) -> dict[str, Any]:
    return {"cells": [{"period": p, "value": v, "contributors": n, "status": s} for p, v, n, s in rows]}


def test_the_coalition_figure_is_used_only_where_it_adds_enough_organisations() -> None:
    public = cells(("2021", "60", 3, "F"), ("2022", "60", 3, "F"), ("2023", None, 2, "C"), ("2024", "90", 4, "F"))
    shared = cells(
        ("2021", "100", 4, "F"),  # one more organisation: its shared value would be 100 - 60
        ("2022", "160", 6, "F"),  # three more: the difference sums three organisations' values
        ("2023", "75", 5, "F"),  # hidden in public, published for the coalition with three more
        ("2024", None, 7, "C"),  # withheld in the coalition's table: the public figure stands
        ("2020", "45", 3, "F"),  # no public figure at all: the coalition's three suffice
    )

    chosen = _safest(public, shared, "public", "shared", 3)

    assert [(c["period"], c["value"], source) for c, source in chosen] == [
        ("2020", "45", "shared"),
        ("2021", "60", "public"),
        ("2022", "160", "shared"),
        ("2023", "75", "shared"),
        ("2024", "90", "public"),
    ]


def test_without_shared_values_the_public_figures_stand() -> None:
    public = cells(("2023", "12", 3, "F"), ("2024", None, 1, "C"))

    chosen = _safest(public, public, "public", "shared", 3)

    assert [(c["period"], c["status"], source) for c, source in chosen] == [
        ("2023", "F", "public"),
        ("2024", "C", "public"),
    ]
