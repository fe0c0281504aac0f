from http import HTTPStatus
from typing import Any, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.organisation_page import OrganisationPage
from ...models.problem import Problem
from ...models.search_organisations_order import SearchOrganisationsOrder
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    order: SearchOrganisationsOrder | Unset = SearchOrganisationsOrder.RELEVANCE,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    q: None | str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    form: list[str] | Unset = UNSET,
    intervention: list[str] | Unset = UNSET,
    sector: list[str] | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    survivor_led: bool | None | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    pathfinder: bool | None | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    json_order: str | Unset = UNSET
    if not isinstance(order, Unset):
        json_order = order.value

    params["order"] = json_order

    json_cursor: None | str | Unset
    if isinstance(cursor, Unset):
        json_cursor = UNSET
    else:
        json_cursor = cursor
    params["cursor"] = json_cursor

    params["limit"] = limit

    json_q: None | str | Unset
    if isinstance(q, Unset):
        json_q = UNSET
    else:
        json_q = q
    params["q"] = json_q

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

    json_region: list[str] | Unset = UNSET
    if not isinstance(region, Unset):
        json_region = region

    params["region"] = json_region

    json_form: list[str] | Unset = UNSET
    if not isinstance(form, Unset):
        json_form = form

    params["form"] = json_form

    json_intervention: list[str] | Unset = UNSET
    if not isinstance(intervention, Unset):
        json_intervention = intervention

    params["intervention"] = json_intervention

    json_sector: list[str] | Unset = UNSET
    if not isinstance(sector, Unset):
        json_sector = sector

    params["sector"] = json_sector

    json_kind: list[str] | Unset = UNSET
    if not isinstance(kind, Unset):
        json_kind = kind

    params["kind"] = json_kind

    json_survivor_led: bool | None | Unset
    if isinstance(survivor_led, Unset):
        json_survivor_led = UNSET
    else:
        json_survivor_led = survivor_led
    params["survivor_led"] = json_survivor_led

    json_coalition: None | str | Unset
    if isinstance(coalition, Unset):
        json_coalition = UNSET
    elif isinstance(coalition, UUID):
        json_coalition = str(coalition)
    else:
        json_coalition = coalition
    params["coalition"] = json_coalition

    json_pathfinder: bool | None | Unset
    if isinstance(pathfinder, Unset):
        json_pathfinder = UNSET
    else:
        json_pathfinder = pathfinder
    params["pathfinder"] = json_pathfinder

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/directory/organisations",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | OrganisationPage | Problem | None:
    if response.status_code == 200:
        response_200 = OrganisationPage.from_dict(response.json())

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
) -> Response[Any | OrganisationPage | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    order: SearchOrganisationsOrder | Unset = SearchOrganisationsOrder.RELEVANCE,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    q: None | str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    form: list[str] | Unset = UNSET,
    intervention: list[str] | Unset = UNSET,
    sector: list[str] | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    survivor_led: bool | None | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    pathfinder: bool | None | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | OrganisationPage | Problem]:
    """Search organisations, with facet counts

    Args:
        order (SearchOrganisationsOrder | Unset):  Default: SearchOrganisationsOrder.RELEVANCE.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        q (None | str | Unset): Words from the name, acronym or description
        country (list[str] | Unset):
        region (list[str] | Unset):
        form (list[str] | Unset):
        intervention (list[str] | Unset):
        sector (list[str] | Unset):
        kind (list[str] | Unset):
        survivor_led (bool | None | Unset):
        coalition (None | Unset | UUID):
        pathfinder (bool | None | Unset): Works in an Alliance 8.7 Pathfinder Country
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OrganisationPage | Problem]
    """

    kwargs = _get_kwargs(
        order=order,
        cursor=cursor,
        limit=limit,
        q=q,
        country=country,
        region=region,
        form=form,
        intervention=intervention,
        sector=sector,
        kind=kind,
        survivor_led=survivor_led,
        coalition=coalition,
        pathfinder=pathfinder,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    order: SearchOrganisationsOrder | Unset = SearchOrganisationsOrder.RELEVANCE,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    q: None | str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    form: list[str] | Unset = UNSET,
    intervention: list[str] | Unset = UNSET,
    sector: list[str] | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    survivor_led: bool | None | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    pathfinder: bool | None | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | OrganisationPage | Problem | None:
    """Search organisations, with facet counts

    Args:
        order (SearchOrganisationsOrder | Unset):  Default: SearchOrganisationsOrder.RELEVANCE.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        q (None | str | Unset): Words from the name, acronym or description
        country (list[str] | Unset):
        region (list[str] | Unset):
        form (list[str] | Unset):
        intervention (list[str] | Unset):
        sector (list[str] | Unset):
        kind (list[str] | Unset):
        survivor_led (bool | None | Unset):
        coalition (None | Unset | UUID):
        pathfinder (bool | None | Unset): Works in an Alliance 8.7 Pathfinder Country
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OrganisationPage | Problem
    """

    return sync_detailed(
        client=client,
        order=order,
        cursor=cursor,
        limit=limit,
        q=q,
        country=country,
        region=region,
        form=form,
        intervention=intervention,
        sector=sector,
        kind=kind,
        survivor_led=survivor_led,
        coalition=coalition,
        pathfinder=pathfinder,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    order: SearchOrganisationsOrder | Unset = SearchOrganisationsOrder.RELEVANCE,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    q: None | str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    form: list[str] | Unset = UNSET,
    intervention: list[str] | Unset = UNSET,
    sector: list[str] | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    survivor_led: bool | None | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    pathfinder: bool | None | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | OrganisationPage | Problem]:
    """Search organisations, with facet counts

    Args:
        order (SearchOrganisationsOrder | Unset):  Default: SearchOrganisationsOrder.RELEVANCE.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        q (None | str | Unset): Words from the name, acronym or description
        country (list[str] | Unset):
        region (list[str] | Unset):
        form (list[str] | Unset):
        intervention (list[str] | Unset):
        sector (list[str] | Unset):
        kind (list[str] | Unset):
        survivor_led (bool | None | Unset):
        coalition (None | Unset | UUID):
        pathfinder (bool | None | Unset): Works in an Alliance 8.7 Pathfinder Country
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | OrganisationPage | Problem]
    """

    kwargs = _get_kwargs(
        order=order,
        cursor=cursor,
        limit=limit,
        q=q,
        country=country,
        region=region,
        form=form,
        intervention=intervention,
        sector=sector,
        kind=kind,
        survivor_led=survivor_led,
        coalition=coalition,
        pathfinder=pathfinder,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    order: SearchOrganisationsOrder | Unset = SearchOrganisationsOrder.RELEVANCE,
    cursor: None | str | Unset = UNSET,
    limit: int | Unset = 20,
    q: None | str | Unset = UNSET,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    form: list[str] | Unset = UNSET,
    intervention: list[str] | Unset = UNSET,
    sector: list[str] | Unset = UNSET,
    kind: list[str] | Unset = UNSET,
    survivor_led: bool | None | Unset = UNSET,
    coalition: None | Unset | UUID = UNSET,
    pathfinder: bool | None | Unset = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | OrganisationPage | Problem | None:
    """Search organisations, with facet counts

    Args:
        order (SearchOrganisationsOrder | Unset):  Default: SearchOrganisationsOrder.RELEVANCE.
        cursor (None | str | Unset):
        limit (int | Unset):  Default: 20.
        q (None | str | Unset): Words from the name, acronym or description
        country (list[str] | Unset):
        region (list[str] | Unset):
        form (list[str] | Unset):
        intervention (list[str] | Unset):
        sector (list[str] | Unset):
        kind (list[str] | Unset):
        survivor_led (bool | None | Unset):
        coalition (None | Unset | UUID):
        pathfinder (bool | None | Unset): Works in an Alliance 8.7 Pathfinder Country
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | OrganisationPage | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            order=order,
            cursor=cursor,
            limit=limit,
            q=q,
            country=country,
            region=region,
            form=form,
            intervention=intervention,
            sector=sector,
            kind=kind,
            survivor_led=survivor_led,
            coalition=coalition,
            pathfinder=pathfinder,
            if_none_match=if_none_match,
        )
    ).parsed
