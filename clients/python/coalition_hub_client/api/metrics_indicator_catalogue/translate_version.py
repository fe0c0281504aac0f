from http import HTTPStatus
from typing import Any
from urllib.parse import quote

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.indicator_translation import IndicatorTranslation
from ...models.indicator_version_read import IndicatorVersionRead
from ...models.problem import Problem
from ...models.translate_version_language import TranslateVersionLanguage
from ...types import UNSET, Response, Unset


def _get_kwargs(
    code: str,
    number: int,
    language: TranslateVersionLanguage,
    *,
    body: IndicatorTranslation,
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
        "url": "/v1/metrics/indicators/{code}/versions/{number}/translations/{language}".format(
            code=quote(str(code), safe=""),
            number=quote(str(number), safe=""),
            language=quote(str(language), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> IndicatorVersionRead | Problem | None:
    if response.status_code == 200:
        response_200 = IndicatorVersionRead.from_dict(response.json())

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
) -> Response[IndicatorVersionRead | Problem]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    code: str,
    number: int,
    language: TranslateVersionLanguage,
    *,
    client: AuthenticatedClient,
    body: IndicatorTranslation,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[IndicatorVersionRead | Problem]:
    """Set a version's name, unit and definition in one language (who may revise the indicator)

     Answers with the version; its `ETag` is the translation's, as its GET gives it.

    Args:
        code (str):
        number (int):
        language (TranslateVersionLanguage):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (IndicatorTranslation): An indicator version's name, unit and definition in another
            language. The unit and the
            definition may be left out: readers then see the English ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IndicatorVersionRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        number=number,
        language=language,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    code: str,
    number: int,
    language: TranslateVersionLanguage,
    *,
    client: AuthenticatedClient,
    body: IndicatorTranslation,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> IndicatorVersionRead | Problem | None:
    """Set a version's name, unit and definition in one language (who may revise the indicator)

     Answers with the version; its `ETag` is the translation's, as its GET gives it.

    Args:
        code (str):
        number (int):
        language (TranslateVersionLanguage):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (IndicatorTranslation): An indicator version's name, unit and definition in another
            language. The unit and the
            definition may be left out: readers then see the English ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IndicatorVersionRead | Problem
    """

    return sync_detailed(
        code=code,
        number=number,
        language=language,
        client=client,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    ).parsed


async def asyncio_detailed(
    code: str,
    number: int,
    language: TranslateVersionLanguage,
    *,
    client: AuthenticatedClient,
    body: IndicatorTranslation,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> Response[IndicatorVersionRead | Problem]:
    """Set a version's name, unit and definition in one language (who may revise the indicator)

     Answers with the version; its `ETag` is the translation's, as its GET gives it.

    Args:
        code (str):
        number (int):
        language (TranslateVersionLanguage):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (IndicatorTranslation): An indicator version's name, unit and definition in another
            language. The unit and the
            definition may be left out: readers then see the English ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[IndicatorVersionRead | Problem]
    """

    kwargs = _get_kwargs(
        code=code,
        number=number,
        language=language,
        body=body,
        if_match=if_match,
        idempotency_key=idempotency_key,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    code: str,
    number: int,
    language: TranslateVersionLanguage,
    *,
    client: AuthenticatedClient,
    body: IndicatorTranslation,
    if_match: None | str | Unset = UNSET,
    idempotency_key: str | Unset = UNSET,
) -> IndicatorVersionRead | Problem | None:
    """Set a version's name, unit and definition in one language (who may revise the indicator)

     Answers with the version; its `ETag` is the translation's, as its GET gives it.

    Args:
        code (str):
        number (int):
        language (TranslateVersionLanguage):
        if_match (None | str | Unset): Replace only this state: the ETag you read (several, comma-
            separated, or `*` for whatever state there is); 412 when it has changed. Without it, the
            PUT replaces or creates.
        idempotency_key (str | Unset):
        body (IndicatorTranslation): An indicator version's name, unit and definition in another
            language. The unit and the
            definition may be left out: readers then see the English ones.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        IndicatorVersionRead | Problem
    """

    return (
        await asyncio_detailed(
            code=code,
            number=number,
            language=language,
            client=client,
            body=body,
            if_match=if_match,
            idempotency_key=idempotency_key,
        )
    ).parsed
