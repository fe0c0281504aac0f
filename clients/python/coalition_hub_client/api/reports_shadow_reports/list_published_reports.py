from http import HTTPStatus
from typing import Any, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.list_published_reports_language_type_0 import ListPublishedReportsLanguageType0
from ...models.page_published_report_read import PagePublishedReportRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    language: ListPublishedReportsLanguageType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_country: None | str | Unset
    if isinstance(country, Unset):
        json_country = UNSET
    else:
        json_country = country
    params["country"] = json_country

    json_period: None | str | Unset
    if isinstance(period, Unset):
        json_period = UNSET
    else:
        json_period = period
    params["period"] = json_period

    json_coalition: None | str | Unset
    if isinstance(coalition, Unset):
        json_coalition = UNSET
    elif isinstance(coalition, UUID):
        json_coalition = str(coalition)
    else:
        json_coalition = coalition
    params["coalition"] = json_coalition

    json_language: None | str | Unset
    if isinstance(language, Unset):
        json_language = UNSET
    elif isinstance(language, ListPublishedReportsLanguageType0):
        json_language = language.value
    else:
        json_language = language
    params["language"] = json_language

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/public",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | PagePublishedReportRead | Problem | None:
    if response.status_code == 200:
        response_200 = PagePublishedReportRead.from_dict(response.json())

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 429:
        response_429 = Problem.from_dict(response.json())

        return response_429

    if response.status_code == 502:
        response_502 = Problem.from_dict(response.json())

        return response_502

    if response.status_code == 503:
        response_503 = Problem.from_dict(response.json())

        return response_503

    if response.status_code == 504:
        response_504 = Problem.from_dict(response.json())

        return response_504

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[Any | PagePublishedReportRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    language: ListPublishedReportsLanguageType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | PagePublishedReportRead | Problem]:
    """Published reports, newest first

    Args:
        country (None | str | Unset): ISO 3166-1 alpha-3
        period (None | str | Unset): 2024, 2024-Q2 or 2024-05
        coalition (None | Unset | UUID):
        language (ListPublishedReportsLanguageType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the page before
        limit (int | Unset): Items per page Default: 50.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PagePublishedReportRead | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        period=period,
        coalition=coalition,
        language=language,
        cursor=cursor,
        limit=limit,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    language: ListPublishedReportsLanguageType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: str | Unset = UNSET,
) -> Any | PagePublishedReportRead | Problem | None:
    """Published reports, newest first

    Args:
        country (None | str | Unset): ISO 3166-1 alpha-3
        period (None | str | Unset): 2024, 2024-Q2 or 2024-05
        coalition (None | Unset | UUID):
        language (ListPublishedReportsLanguageType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the page before
        limit (int | Unset): Items per page Default: 50.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PagePublishedReportRead | Problem
    """

    return sync_detailed(
        client=client,
        country=country,
        period=period,
        coalition=coalition,
        language=language,
        cursor=cursor,
        limit=limit,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    language: ListPublishedReportsLanguageType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | PagePublishedReportRead | Problem]:
    """Published reports, newest first

    Args:
        country (None | str | Unset): ISO 3166-1 alpha-3
        period (None | str | Unset): 2024, 2024-Q2 or 2024-05
        coalition (None | Unset | UUID):
        language (ListPublishedReportsLanguageType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the page before
        limit (int | Unset): Items per page Default: 50.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | PagePublishedReportRead | Problem]
    """

    kwargs = _get_kwargs(
        country=country,
        period=period,
        coalition=coalition,
        language=language,
        cursor=cursor,
        limit=limit,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: None | str | Unset = UNSET,
    period: None | str | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    language: ListPublishedReportsLanguageType0 | None | Unset = UNSET,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 50,
    if_none_match: str | Unset = UNSET,
) -> Any | PagePublishedReportRead | Problem | None:
    """Published reports, newest first

    Args:
        country (None | str | Unset): ISO 3166-1 alpha-3
        period (None | str | Unset): 2024, 2024-Q2 or 2024-05
        coalition (None | Unset | UUID):
        language (ListPublishedReportsLanguageType0 | None | Unset):
        cursor (None | str | Unset): `next_cursor` of the page before
        limit (int | Unset): Items per page Default: 50.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | PagePublishedReportRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            period=period,
            coalition=coalition,
            language=language,
            cursor=cursor,
            limit=limit,
            if_none_match=if_none_match,
        )
    ).parsed
