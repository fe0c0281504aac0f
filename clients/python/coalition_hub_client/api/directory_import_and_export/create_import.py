from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.create_import_json_import_row import CreateImportJsonImportRow
from ...models.import_read import ImportRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: list[CreateImportJsonImportRow],
    idempotency_key: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/directory/imports",
    }

    _kwargs["json"] = []
    for body_item_data in body:
        body_item = body_item_data.to_dict()
        _kwargs["json"].append(body_item)

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> ImportRead | Problem | None:
    if response.status_code == 202:
        response_202 = ImportRead.from_dict(response.json())

        return response_202

    if response.status_code == 401:
        response_401 = Problem.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = Problem.from_dict(response.json())

        return response_403

    if response.status_code == 409:
        response_409 = Problem.from_dict(response.json())

        return response_409

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
) -> Response[ImportRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: list[CreateImportJsonImportRow],
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportRead | Problem]:
    """Import organisations from a CSV or JSON file (runs as a job; upserts by external_id)

     JSON: a list of organisations (or `{"organisations": [...]}`). CSV: one organisation a row. The
    fields an export adds (id, demo, version, created_at, updated_at) are ignored, so an export imports
    back.

    Args:
        idempotency_key (str | Unset):
        body (list[CreateImportJsonImportRow]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: list[CreateImportJsonImportRow],
    idempotency_key: str | Unset = UNSET,
) -> ImportRead | Problem | None:
    """Import organisations from a CSV or JSON file (runs as a job; upserts by external_id)

     JSON: a list of organisations (or `{"organisations": [...]}`). CSV: one organisation a row. The
    fields an export adds (id, demo, version, created_at, updated_at) are ignored, so an export imports
    back.

    Args:
        idempotency_key (str | Unset):
        body (list[CreateImportJsonImportRow]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportRead | Problem
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: list[CreateImportJsonImportRow],
    idempotency_key: str | Unset = UNSET,
) -> Response[ImportRead | Problem]:
    """Import organisations from a CSV or JSON file (runs as a job; upserts by external_id)

     JSON: a list of organisations (or `{"organisations": [...]}`). CSV: one organisation a row. The
    fields an export adds (id, demo, version, created_at, updated_at) are ignored, so an export imports
    back.

    Args:
        idempotency_key (str | Unset):
        body (list[CreateImportJsonImportRow]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ImportRead | Problem]
    """

    kwargs = _get_kwargs(
        body=body,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: list[CreateImportJsonImportRow],
    idempotency_key: str | Unset = UNSET,
) -> ImportRead | Problem | None:
    """Import organisations from a CSV or JSON file (runs as a job; upserts by external_id)

     JSON: a list of organisations (or `{"organisations": [...]}`). CSV: one organisation a row. The
    fields an export adds (id, demo, version, created_at, updated_at) are ignored, so an export imports
    back.

    Args:
        idempotency_key (str | Unset):
        body (list[CreateImportJsonImportRow]):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ImportRead | Problem
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
