from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consolidation_read import ConsolidationRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/reports/commitments/{commitment_id}/consolidations/{coalition_id}".format(
            commitment_id=quote(str(commitment_id), safe=""),
            coalition_id=quote(str(coalition_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | ConsolidationRead | Problem | None:
    if response.status_code == 200:
        response_200 = ConsolidationRead.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

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
) -> Response[Any | ConsolidationRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ConsolidationRead | Problem]:
    """A coalition's rating of a commitment, with its members' assessments and the dissent

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ConsolidationRead | Problem]
    """

    kwargs = _get_kwargs(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | ConsolidationRead | Problem | None:
    """A coalition's rating of a commitment, with its members' assessments and the dissent

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ConsolidationRead | Problem
    """

    return sync_detailed(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | ConsolidationRead | Problem]:
    """A coalition's rating of a commitment, with its members' assessments and the dissent

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | ConsolidationRead | Problem]
    """

    kwargs = _get_kwargs(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | ConsolidationRead | Problem | None:
    """A coalition's rating of a commitment, with its members' assessments and the dissent

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | ConsolidationRead | Problem
    """

    return (
        await asyncio_detailed(
            commitment_id=commitment_id,
            coalition_id=coalition_id,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
