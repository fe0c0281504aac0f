from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.get_translation_language import GetTranslationLanguage
from ...models.indicator_translation_read import IndicatorTranslationRead
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    number: int,
    language: GetTranslationLanguage,
    *,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/metrics/indicators/{code}/versions/{number}/translations/{language}".format(
            code=quote(str(code), safe=""),
            number=quote(str(number), safe=""),
            language=quote(str(language), safe=""),
        ),
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Any | IndicatorTranslationRead | Problem | None:
    if response.status_code == 200:
        response_200 = IndicatorTranslationRead.from_dict(response.json())

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
) -> Response[Any | IndicatorTranslationRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    number: int,
    language: GetTranslationLanguage,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | IndicatorTranslationRead | Problem]:
    """A version's name, unit and definition in one language

    Args:
        code (str):
        number (int):
        language (GetTranslationLanguage):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | IndicatorTranslationRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        number=number,
        language=language,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    number: int,
    language: GetTranslationLanguage,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | IndicatorTranslationRead | Problem | None:
    """A version's name, unit and definition in one language

    Args:
        code (str):
        number (int):
        language (GetTranslationLanguage):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | IndicatorTranslationRead | Problem
    """

    return sync_detailed(
        code=code,
        number=number,
        language=language,
        client=client,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    code: str,
    number: int,
    language: GetTranslationLanguage,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | IndicatorTranslationRead | Problem]:
    """A version's name, unit and definition in one language

    Args:
        code (str):
        number (int):
        language (GetTranslationLanguage):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | IndicatorTranslationRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        number=number,
        language=language,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    number: int,
    language: GetTranslationLanguage,
    *,
    client: AuthenticatedClient,
    if_none_match: str | Unset = UNSET,
) -> Any | IndicatorTranslationRead | Problem | None:
    """A version's name, unit and definition in one language

    Args:
        code (str):
        number (int):
        language (GetTranslationLanguage):
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | IndicatorTranslationRead | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            number=number,
            language=language,
            client=client,
            if_none_match=if_none_match,
        )
    ).parsed
