from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.consent_change import ConsentChange
from ...models.problem import Problem
from ...models.testimony_read import TestimonyRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    testimony_id: UUID,
    *,
    body: ConsentChange,
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
        "url": "/v1/reports/organisations/{org_id}/testimonies/{testimony_id}/consent".format(
            org_id=quote(str(org_id), safe=""),
            testimony_id=quote(str(testimony_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | TestimonyRead | None:
    if response.status_code == 200:
        response_200 = TestimonyRead.from_dict(response.json())

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
) -> Response[Problem | TestimonyRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: UUID,
    testimony_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsentChange,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TestimonyRead]:
    """Narrow or withdraw the consent of a testimony (members of the organisation)

    Args:
        org_id (UUID):
        testimony_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsentChange): A narrower consent than the current one, or its withdrawal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestimonyRead]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        testimony_id=testimony_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    testimony_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsentChange,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TestimonyRead | None:
    """Narrow or withdraw the consent of a testimony (members of the organisation)

    Args:
        org_id (UUID):
        testimony_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsentChange): A narrower consent than the current one, or its withdrawal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestimonyRead
    """

    return sync_detailed(
        org_id=org_id,
        testimony_id=testimony_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    testimony_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsentChange,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[Problem | TestimonyRead]:
    """Narrow or withdraw the consent of a testimony (members of the organisation)

    Args:
        org_id (UUID):
        testimony_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsentChange): A narrower consent than the current one, or its withdrawal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | TestimonyRead]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        testimony_id=testimony_id,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    testimony_id: UUID,
    *,
    client: AuthenticatedClient,
    body: ConsentChange,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Problem | TestimonyRead | None:
    """Narrow or withdraw the consent of a testimony (members of the organisation)

    Args:
        org_id (UUID):
        testimony_id (UUID):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (ConsentChange): A narrower consent than the current one, or its withdrawal.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | TestimonyRead
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            testimony_id=testimony_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
