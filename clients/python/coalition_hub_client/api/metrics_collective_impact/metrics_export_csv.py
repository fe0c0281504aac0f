from http import HTTPStatus
from typing import Any, cast
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.metrics_export_csv_granularity import MetricsExportCsvGranularity
from ...models.problem import Problem
from ...types import UNSET, Response, Unset


def _get_kwargs(
    *,
    indicator: str,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    period: list[str] | Unset = UNSET,
    granularity: MetricsExportCsvGranularity | Unset = MetricsExportCsvGranularity.YEAR,
    by: str | Unset = "country",
    coalition: None | Unset | UUID = UNSET,
    if_none_match: str | Unset = UNSET,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(if_none_match, Unset):
        headers["If-None-Match"] = if_none_match

    params: dict[str, Any] = {}

    params["indicator"] = indicator

    json_country: list[str] | Unset = UNSET
    if not isinstance(country, Unset):
        json_country = country

    params["country"] = json_country

    json_region: list[str] | Unset = UNSET
    if not isinstance(region, Unset):
        json_region = region

    params["region"] = json_region

    json_period: list[str] | Unset = UNSET
    if not isinstance(period, Unset):
        json_period = period

    params["period"] = json_period

    json_granularity: str | Unset = UNSET
    if not isinstance(granularity, Unset):
        json_granularity = granularity.value

    params["granularity"] = json_granularity

    params["by"] = by

    json_coalition: None | str | Unset
    if isinstance(coalition, Unset):
        json_coalition = UNSET
    elif isinstance(coalition, UUID):
        json_coalition = str(coalition)
    else:
        json_coalition = coalition
    params["coalition"] = json_coalition

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/metrics/exports/aggregates.csv",
        "params": params,
    }

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Any | Problem | str | None:
    if response.status_code == 200:
        response_200 = response.text
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


def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[Any | Problem | str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    indicator: str,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    period: list[str] | Unset = UNSET,
    granularity: MetricsExportCsvGranularity | Unset = MetricsExportCsvGranularity.YEAR,
    by: str | Unset = "country",
    coalition: None | Unset | UUID = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | str]:
    """Aggregates as CSV

    Args:
        indicator (str):
        country (list[str] | Unset):
        region (list[str] | Unset):
        period (list[str] | Unset):
        granularity (MetricsExportCsvGranularity | Unset):  Default:
            MetricsExportCsvGranularity.YEAR.
        by (str | Unset): Up to two of: country, period, and the indicator's breakdowns Default:
            'country'.
        coalition (None | Unset | UUID): Figures as a coalition sees them together: public values
            and those its members share with it (for its active members, its reports and platform
            admins)
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        indicator=indicator,
        country=country,
        region=region,
        period=period,
        granularity=granularity,
        by=by,
        coalition=coalition,
        if_none_match=if_none_match,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    indicator: str,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    period: list[str] | Unset = UNSET,
    granularity: MetricsExportCsvGranularity | Unset = MetricsExportCsvGranularity.YEAR,
    by: str | Unset = "country",
    coalition: None | Unset | UUID = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | str | None:
    """Aggregates as CSV

    Args:
        indicator (str):
        country (list[str] | Unset):
        region (list[str] | Unset):
        period (list[str] | Unset):
        granularity (MetricsExportCsvGranularity | Unset):  Default:
            MetricsExportCsvGranularity.YEAR.
        by (str | Unset): Up to two of: country, period, and the indicator's breakdowns Default:
            'country'.
        coalition (None | Unset | UUID): Figures as a coalition sees them together: public values
            and those its members share with it (for its active members, its reports and platform
            admins)
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return sync_detailed(
        client=client,
        indicator=indicator,
        country=country,
        region=region,
        period=period,
        granularity=granularity,
        by=by,
        coalition=coalition,
        if_none_match=if_none_match,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    indicator: str,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    period: list[str] | Unset = UNSET,
    granularity: MetricsExportCsvGranularity | Unset = MetricsExportCsvGranularity.YEAR,
    by: str | Unset = "country",
    coalition: None | Unset | UUID = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Response[Any | Problem | str]:
    """Aggregates as CSV

    Args:
        indicator (str):
        country (list[str] | Unset):
        region (list[str] | Unset):
        period (list[str] | Unset):
        granularity (MetricsExportCsvGranularity | Unset):  Default:
            MetricsExportCsvGranularity.YEAR.
        by (str | Unset): Up to two of: country, period, and the indicator's breakdowns Default:
            'country'.
        coalition (None | Unset | UUID): Figures as a coalition sees them together: public values
            and those its members share with it (for its active members, its reports and platform
            admins)
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[Any | Problem | str]
    """

    kwargs = _get_kwargs(
        indicator=indicator,
        country=country,
        region=region,
        period=period,
        granularity=granularity,
        by=by,
        coalition=coalition,
        if_none_match=if_none_match,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    indicator: str,
    country: list[str] | Unset = UNSET,
    region: list[str] | Unset = UNSET,
    period: list[str] | Unset = UNSET,
    granularity: MetricsExportCsvGranularity | Unset = MetricsExportCsvGranularity.YEAR,
    by: str | Unset = "country",
    coalition: None | Unset | UUID = UNSET,
    if_none_match: str | Unset = UNSET,
) -> Any | Problem | str | None:
    """Aggregates as CSV

    Args:
        indicator (str):
        country (list[str] | Unset):
        region (list[str] | Unset):
        period (list[str] | Unset):
        granularity (MetricsExportCsvGranularity | Unset):  Default:
            MetricsExportCsvGranularity.YEAR.
        by (str | Unset): Up to two of: country, period, and the indicator's breakdowns Default:
            'country'.
        coalition (None | Unset | UUID): Figures as a coalition sees them together: public values
            and those its members share with it (for its active members, its reports and platform
            admins)
        if_none_match (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Any | Problem | str
    """

    return (
        await asyncio_detailed(
            client=client,
            indicator=indicator,
            country=country,
            region=region,
            period=period,
            granularity=granularity,
            by=by,
            coalition=coalition,
            if_none_match=if_none_match,
        )
    ).parsed
