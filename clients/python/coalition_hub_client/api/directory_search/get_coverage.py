from http import HTTPStatus
from typing import Any, cast

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.country_coverage import CountryCoverage
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    by: str | Unset = "form,intervention",
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

    json_region: list[str] | Unset = UNSET
    if not isinstance(region, Unset):
        json_region = region

    params["region"] = json_region

    params["by"] = by

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/directory/coverage",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | Problem | list[CountryCoverage] | None:
    if response.status_code == 200:
        response_200 = []
        _response_200 = response.json()
        for response_200_item_data in _response_200:
            response_200_item = CountryCoverage.from_dict(response_200_item_data)

            response_200.append(response_200_item)

        return response_200

    if response.status_code == 304:
        response_304 = cast(Any, None)
        return response_304

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

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
) -> Response[Any | Problem | list[CountryCoverage]]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    by: str | Unset = "form,intervention",
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | list[CountryCoverage]]:
    """Who works where on what, and the gaps (default: the Pathfinder Countries)

    Args:
        country (list[str] | Unset):
        region (list[str] | Unset):
        by (str | Unset): Comma-separated: form, intervention, sector Default:
            'form,intervention'.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[CountryCoverage]]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        by=by,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    by: str | Unset = "form,intervention",
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | list[CountryCoverage] | None:
    """Who works where on what, and the gaps (default: the Pathfinder Countries)

    Args:
        country (list[str] | Unset):
        region (list[str] | Unset):
        by (str | Unset): Comma-separated: form, intervention, sector Default:
            'form,intervention'.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[CountryCoverage]
    """

    return sync_detailed(
        client=client,
        country=country,
        region=region,
        by=by,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    by: str | Unset = "form,intervention",
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | list[CountryCoverage]]:
    """Who works where on what, and the gaps (default: the Pathfinder Countries)

    Args:
        country (list[str] | Unset):
        region (list[str] | Unset):
        by (str | Unset): Comma-separated: form, intervention, sector Default:
            'form,intervention'.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | list[CountryCoverage]]
    """

    kwargs = _get_kwargs(
        country=country,
        region=region,
        by=by,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    by: str | Unset = "form,intervention",
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | list[CountryCoverage] | None:
    """Who works where on what, and the gaps (default: the Pathfinder Countries)

    Args:
        country (list[str] | Unset):
        region (list[str] | Unset):
        by (str | Unset): Comma-separated: form, intervention, sector Default:
            'form,intervention'.
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | list[CountryCoverage]
    """

    return (
        await asyncio_detailed(
            client=client,
            country=country,
            region=region,
            by=by,
            if_none_match=if_none_match,
        )
    ).parsed
