from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.deserts import Deserts
from ...models.list_deserts_granularity import ListDesertsGranularity
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    indicator: str,
    region: str,
    period: list[str] | Unset = UNSET,
    granularity: ListDesertsGranularity | Unset = ListDesertsGranularity.YEAR,
    max_organisations: int | Unset = 1,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["indicator"] = indicator

    params["region"] = region

    json_period: list[str] | Unset = UNSET
    if not isinstance(period, Unset):
        json_period = period

    params["period"] = json_period

    json_granularity: str | Unset = UNSET
    if not isinstance(granularity, Unset):
        json_granularity = granularity.value

    params["granularity"] = json_granularity

    params["max_organisations"] = max_organisations

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/metrics/deserts",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Deserts | Problem | None:
    if response.status_code == 200:
        response_200 = Deserts.from_dict(response.json())

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
) -> Response[Any | Deserts | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    indicator: str,
    region: str,
    period: list[str] | Unset = UNSET,
    granularity: ListDesertsGranularity | Unset = ListDesertsGranularity.YEAR,
    max_organisations: int | Unset = 1,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Deserts | Problem]:
    """Service deserts: where an indicator counts need and few organisations work

     For each country of the region: the indicator's figure (exactly as /v1/metrics/aggregates publishes
    it to the caller, by country: hidden figures stay hidden), the directory's active organisations per
    form of exploitation x intervention, and the pairs with fewer than `max_organisations`
    organisations. Countries with a published figure and the fewest organisations come first.

    Args:
        indicator (str):
        region (str): UN M49 region, e.g. Africa
        period (list[str] | Unset):
        granularity (ListDesertsGranularity | Unset):  Default: ListDesertsGranularity.YEAR.
        max_organisations (int | Unset): A pair is a gap with fewer organisations than this
            Default: 1.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Deserts | Problem]
    """

    kwargs = _get_kwargs(
        indicator=indicator,
        region=region,
        period=period,
        granularity=granularity,
        max_organisations=max_organisations,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    indicator: str,
    region: str,
    period: list[str] | Unset = UNSET,
    granularity: ListDesertsGranularity | Unset = ListDesertsGranularity.YEAR,
    max_organisations: int | Unset = 1,
    if_none_match: str | Unset = UNSET,
) -> Any | Deserts | Problem | None:
    """Service deserts: where an indicator counts need and few organisations work

     For each country of the region: the indicator's figure (exactly as /v1/metrics/aggregates publishes
    it to the caller, by country: hidden figures stay hidden), the directory's active organisations per
    form of exploitation x intervention, and the pairs with fewer than `max_organisations`
    organisations. Countries with a published figure and the fewest organisations come first.

    Args:
        indicator (str):
        region (str): UN M49 region, e.g. Africa
        period (list[str] | Unset):
        granularity (ListDesertsGranularity | Unset):  Default: ListDesertsGranularity.YEAR.
        max_organisations (int | Unset): A pair is a gap with fewer organisations than this
            Default: 1.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Deserts | Problem
    """

    return sync_detailed(
        client=client,
        indicator=indicator,
        region=region,
        period=period,
        granularity=granularity,
        max_organisations=max_organisations,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    indicator: str,
    region: str,
    period: list[str] | Unset = UNSET,
    granularity: ListDesertsGranularity | Unset = ListDesertsGranularity.YEAR,
    max_organisations: int | Unset = 1,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Deserts | Problem]:
    """Service deserts: where an indicator counts need and few organisations work

     For each country of the region: the indicator's figure (exactly as /v1/metrics/aggregates publishes
    it to the caller, by country: hidden figures stay hidden), the directory's active organisations per
    form of exploitation x intervention, and the pairs with fewer than `max_organisations`
    organisations. Countries with a published figure and the fewest organisations come first.

    Args:
        indicator (str):
        region (str): UN M49 region, e.g. Africa
        period (list[str] | Unset):
        granularity (ListDesertsGranularity | Unset):  Default: ListDesertsGranularity.YEAR.
        max_organisations (int | Unset): A pair is a gap with fewer organisations than this
            Default: 1.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Deserts | Problem]
    """

    kwargs = _get_kwargs(
        indicator=indicator,
        region=region,
        period=period,
        granularity=granularity,
        max_organisations=max_organisations,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    indicator: str,
    region: str,
    period: list[str] | Unset = UNSET,
    granularity: ListDesertsGranularity | Unset = ListDesertsGranularity.YEAR,
    max_organisations: int | Unset = 1,
    if_none_match: str | Unset = UNSET,
) -> Any | Deserts | Problem | None:
    """Service deserts: where an indicator counts need and few organisations work

     For each country of the region: the indicator's figure (exactly as /v1/metrics/aggregates publishes
    it to the caller, by country: hidden figures stay hidden), the directory's active organisations per
    form of exploitation x intervention, and the pairs with fewer than `max_organisations`
    organisations. Countries with a published figure and the fewest organisations come first.

    Args:
        indicator (str):
        region (str): UN M49 region, e.g. Africa
        period (list[str] | Unset):
        granularity (ListDesertsGranularity | Unset):  Default: ListDesertsGranularity.YEAR.
        max_organisations (int | Unset): A pair is a gap with fewer organisations than this
            Default: 1.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Deserts | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            indicator=indicator,
            region=region,
            period=period,
            granularity=granularity,
            max_organisations=max_organisations,
            if_none_match=if_none_match,
        )
    ).parsed
