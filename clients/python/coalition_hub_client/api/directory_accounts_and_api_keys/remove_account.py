from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    account_id: UUID,
    *,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "delete",
        "url": "/v1/directory/organisations/{org_id}/accounts/{account_id}".format(
            org_id=quote(str(org_id), safe=""),
            account_id=quote(str(account_id), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | None:
    if response.status_code == 204:
        response_204 = cast(Any, None)
        return response_204

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

    if response.status_code == 422:
        response_422 = Problem.from_dict(response.json())

        return response_422

    if response.status_code == 428:
        response_428 = Problem.from_dict(response.json())

        return response_428

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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    org_id: UUID,
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Remove an account (admins: any of the organisation's; members: their own)

     For someone who left: the account stops at once, with its keys (revoked) and its coalition admin
    rights (dropped), and leaves the organisation's list (404 from then on). Only a platform admin, or
    the account itself, removes a platform admin or reviewer (403); an organisation keeps one admin at
    least (409). If-Match: the ETag of the account's last answer, or *.

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        account_id=account_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    org_id: UUID,
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Any | Problem | None:
    """Remove an account (admins: any of the organisation's; members: their own)

     For someone who left: the account stops at once, with its keys (revoked) and its coalition admin
    rights (dropped), and leaves the organisation's list (404 from then on). Only a platform admin, or
    the account itself, removes a platform admin or reviewer (403); an organisation keeps one admin at
    least (409). If-Match: the ETag of the account's last answer, or *.

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return sync_detailed(
        org_id=org_id,
        account_id=account_id,
        client=client,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Response[Any | Problem]:
    """Remove an account (admins: any of the organisation's; members: their own)

     For someone who left: the account stops at once, with its keys (revoked) and its coalition admin
    rights (dropped), and leaves the organisation's list (404 from then on). Only a platform admin, or
    the account itself, removes a platform admin or reviewer (403); an organisation keeps one admin at
    least (409). If-Match: the ETag of the account's last answer, or *.

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        account_id=account_id,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    org_id: UUID,
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Any | Problem | None:
    """Remove an account (admins: any of the organisation's; members: their own)

     For someone who left: the account stops at once, with its keys (revoked) and its coalition admin
    rights (dropped), and leaves the organisation's list (404 from then on). Only a platform admin, or
    the account itself, removes a platform admin or reviewer (403); an organisation keeps one admin at
    least (409). If-Match: the ETag of the account's last answer, or *.

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            account_id=account_id,
            client=client,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
