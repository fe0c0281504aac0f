import base64
import uuid
from datetime import UTC, datetime

import pytest

from shared.errors import InvalidInput
from shared.pagination import (
    MAX_OFFSET,
    keyset_cursor,
    keyset_values,
    number_part,
    offset_of,
    page_of,
    text_part,
    time_part,
    uuid_part,
)


def test_pages_of_a_list_cover_it_once_in_order() -> None:
    items, seen, cursor = list(range(7)), [], None
    while True:
        page = page_of(items, cursor, 3)
        seen += page.items
        if (cursor := page.next_cursor) is None:
            break

    assert seen == items


def test_the_last_full_page_says_nothing_follows() -> None:
    assert page_of([1, 2], None, 2).next_cursor is None


@pytest.mark.parametrize("cursor", ["", "!!", "bzphYmM", "WyJhIl0"])
def test_a_cursor_no_list_gave_out_is_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidInput):
        page_of([1, 2, 3], cursor, 1)
    with pytest.raises(InvalidInput):
        keyset_values(cursor, text_part, text_part)


def test_a_keyset_cursor_holds_the_sort_key_by_type() -> None:
    when, id_ = datetime(2024, 5, 1, 12, tzinfo=UTC), uuid.uuid4()

    assert keyset_values(keyset_cursor("Nepal, coalition", id_), text_part, uuid_part) == ("Nepal, coalition", id_)
    assert keyset_values(keyset_cursor(when.isoformat(), id_), time_part, uuid_part) == (when, id_)


def raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "forged",
    [
        '["a\\u0000b", "x"]',
        '["\\ud800", "x"]',
        '[1, "x"]',
        '[{"a": 1}, "x"]',
        '["a"]',
        '["a", "x", "y"]',
        '{"a": 1}',
    ],
)
def test_a_keyset_cursor_holds_text_the_database_takes(forged: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        keyset_values(raw(forged), text_part, text_part)
    assert raised.value.errors == [{"field": "cursor", "reason": "malformed"}]


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+14:00",  # before year 1 in UTC
        "9999-12-31T23:59:59.999999-14:00",  # after year 9999 in UTC
        "2024-01-01T00:00:00",  # no offset: no list writes one
        "yesterday",
        20240101,
    ],
)
def test_a_time_beyond_what_the_database_takes_is_refused(value: object) -> None:
    with pytest.raises((ValueError, OverflowError)):
        time_part(value)


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 10**400, True, "1.0", None])
def test_a_rank_is_a_finite_number(value: object) -> None:
    with pytest.raises((ValueError, OverflowError)):
        number_part(value)


@pytest.mark.parametrize("value", ["not-a-uuid", 12, None, ["x"]])
def test_an_id_is_a_uuid_in_text(value: object) -> None:
    with pytest.raises(ValueError):
        uuid_part(value)


@pytest.mark.parametrize("offset", [str(MAX_OFFSET + 1), "9223372036854775800", "-1", "١٢", "1.5", "1e3"])
def test_an_offset_beyond_any_list_is_refused(offset: str) -> None:
    with pytest.raises(InvalidInput):
        offset_of(raw(f"o:{offset}"))


def test_the_largest_offset_is_an_empty_page() -> None:
    assert offset_of(raw(f"o:{MAX_OFFSET}")) == MAX_OFFSET
    assert page_of([1, 2], raw(f"o:{MAX_OFFSET}"), 500).items == []
