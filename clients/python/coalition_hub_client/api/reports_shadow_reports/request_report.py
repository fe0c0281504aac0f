from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.problem import Problem
from ...models.report_create import ReportCreate
from ...models.report_run_read import ReportRunRead
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    body: ReportCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["idempotency-key"] = idempotency_key

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/reports/reports",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Problem | ReportRunRead | None:
    if response.status_code == 200:
        response_200 = ReportRunRead.from_dict(response.json())

        return response_200

    if response.status_code == 202:
        response_202 = ReportRunRead.from_dict(response.json())

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
) -> Response[Problem | ReportRunRead]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ReportRunRead]:
    """Request a report (202; a job gathers, checks and renders it). Idempotency-Key accepted.

     The authoring coalition's admins request it. The same Idempotency-Key and body get the first answer
    again (202, Idempotent-Replayed: true); the same request while an earlier one is unfinished, or the
    same key after a day, returns the earlier run (200).

    Args:
        idempotency_key (None | str | Unset):
        body (ReportCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRunRead]
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
    body: ReportCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ReportRunRead | None:
    """Request a report (202; a job gathers, checks and renders it). Idempotency-Key accepted.

     The authoring coalition's admins request it. The same Idempotency-Key and body get the first answer
    again (202, Idempotent-Replayed: true); the same request while an earlier one is unfinished, or the
    same key after a day, returns the earlier run (200).

    Args:
        idempotency_key (None | str | Unset):
        body (ReportCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRunRead
    """

    return sync_detailed(
        client=client,
        body=body,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: ReportCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Response[Problem | ReportRunRead]:
    """Request a report (202; a job gathers, checks and renders it). Idempotency-Key accepted.

     The authoring coalition's admins request it. The same Idempotency-Key and body get the first answer
    again (202, Idempotent-Replayed: true); the same request while an earlier one is unfinished, or the
    same key after a day, returns the earlier run (200).

    Args:
        idempotency_key (None | str | Unset):
        body (ReportCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Problem | ReportRunRead]
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
    body: ReportCreate,
    idempotency_key: None | str | Unset = UNSET,
) -> Problem | ReportRunRead | None:
    """Request a report (202; a job gathers, checks and renders it). Idempotency-Key accepted.

     The authoring coalition's admins request it. The same Idempotency-Key and body get the first answer
    again (202, Idempotent-Replayed: true); the same request while an earlier one is unfinished, or the
    same key after a day, returns the earlier run (200).

    Args:
        idempotency_key (None | str | Unset):
        body (ReportCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Problem | ReportRunRead
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
            idempotency_key=idempotency_key,
        )
    ).parsed
