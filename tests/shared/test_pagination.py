import pytest

from shared.errors import InvalidInput
from shared.pagination import keyset_cursor, keyset_values, page_of


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
        keyset_values(cursor, 2)


def test_a_keyset_cursor_holds_the_sort_key() -> None:
    assert keyset_values(keyset_cursor("Nepal, coalition", 7), 2) == ["Nepal, coalition", "7"]
