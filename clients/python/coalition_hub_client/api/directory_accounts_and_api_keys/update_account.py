from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.account_read import AccountRead
from ...models.account_update import AccountUpdate
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    org_id: UUID,
    account_id: UUID,
    *,
    body: AccountUpdate,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    headers["If-Match"] = if_match

    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "patch",
        "url": "/v1/directory/organisations/{org_id}/accounts/{account_id}".format(
            org_id=quote(str(org_id), safe=""),
            account_id=quote(str(account_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AccountRead | Problem | None:
    if response.status_code == 200:
        response_200 = AccountRead.from_dict(response.json())

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


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccountRead | Problem]:
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
    body: AccountUpdate,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Response[AccountRead | Problem]:
    """Rename an account or change its role (If-Match: the ETag of its last answer, or *)

     A new role holds from the account's next request. An organisation keeps one admin at least (409 for
    demoting the last one).

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):
        body (AccountUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountRead | Problem]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        account_id=account_id,
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
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AccountUpdate,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> AccountRead | Problem | None:
    """Rename an account or change its role (If-Match: the ETag of its last answer, or *)

     A new role holds from the account's next request. An organisation keeps one admin at least (409 for
    demoting the last one).

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):
        body (AccountUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountRead | Problem
    """

    return sync_detailed(
        org_id=org_id,
        account_id=account_id,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    org_id: UUID,
    account_id: UUID,
    *,
    client: AuthenticatedClient,
    body: AccountUpdate,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> Response[AccountRead | Problem]:
    """Rename an account or change its role (If-Match: the ETag of its last answer, or *)

     A new role holds from the account's next request. An organisation keeps one admin at least (409 for
    demoting the last one).

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):
        body (AccountUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccountRead | Problem]
    """

    kwargs = _get_kwargs(
        org_id=org_id,
        account_id=account_id,
        body=body,
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
    body: AccountUpdate,
    if_match: str,
    idempotency_key: str | Unset = UNSET,
) -> AccountRead | Problem | None:
    """Rename an account or change its role (If-Match: the ETag of its last answer, or *)

     A new role holds from the account's next request. An organisation keeps one admin at least (409 for
    demoting the last one).

    Args:
        org_id (UUID):
        account_id (UUID):
        if_match (str):
        idempotency_key (str | Unset):
        body (AccountUpdate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccountRead | Problem
    """

    return (
        await asyncio_detailed(
            org_id=org_id,
            account_id=account_id,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
