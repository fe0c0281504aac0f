from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consolidation_read import ConsolidationRead
from ...models.consolidation_write import ConsolidationWrite
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    body: ConsolidationWrite,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_match, Unset):
        headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/reports/commitments/{commitment_id}/consolidations/{coalition_id}".format(
            commitment_id=quote(str(commitment_id), safe=""),
            coalition_id=quote(str(coalition_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ConsolidationRead | Problem | None:
    if response.status_code == 200:
        response_200 = ConsolidationRead.from_dict(response.json())

        return response_200

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 404:
        response_404 = Problem.from_dict(response.json())

        return response_404

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

    if response.status_code == 412:
        response_412 = Problem.from_dict(response.json())

        return response_412

    if response.status_code == 413:
        response_413 = Problem.from_dict(response.json())

        return response_413

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
) -> Response[ConsolidationRead | Problem]:
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
    body: ConsolidationWrite,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ConsolidationRead | Problem]:
    """The coalition's consolidated rating of a commitment (its admins)

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsolidationWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsolidationRead | Problem]
    """

    kwargs = _get_kwargs(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
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
    body: ConsolidationWrite,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ConsolidationRead | Problem | None:
    """The coalition's consolidated rating of a commitment (its admins)

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsolidationWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsolidationRead | Problem
    """

    return sync_detailed(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsolidationWrite,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[ConsolidationRead | Problem]:
    """The coalition's consolidated rating of a commitment (its admins)

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsolidationWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ConsolidationRead | Problem]
    """

    kwargs = _get_kwargs(
        commitment_id=commitment_id,
        coalition_id=coalition_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    commitment_id: UUID,
    coalition_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsolidationWrite,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> ConsolidationRead | Problem | None:
    """The coalition's consolidated rating of a commitment (its admins)

    Args:
        commitment_id (UUID):
        coalition_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsolidationWrite):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ConsolidationRead | Problem
    """

    return (
        await asyncio_detailed(
            commitment_id=commitment_id,
            coalition_id=coalition_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
