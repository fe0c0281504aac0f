"""A local S3-compatible endpoint (moto) for the reports service's object storage in tests."""

from collections.abc import Iterator
from contextlib import contextmanager

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.support.ports import free_port


@contextmanager
def s3_bucket(monkeypatch: pytest.MonkeyPatch, bucket: str) -> Iterator[str]:
    """The endpoint's URL, with `bucket` made there and credentials in the environment."""
    for name, value in {"AWS_ACCESS_KEY_ID": "hub", "AWS_SECRET_ACCESS_KEY": "hub-secret"}.items():
        monkeypatch.setenv(name, value)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=(port := free_port()), verbose=False)
    server.start()
    try:
        url = f"http://127.0.0.1:{port}"
        boto3.client("s3", endpoint_url=url, region_name="us-east-1").create_bucket(Bucket=bucket)
        yield url
    finally:
        server.stop()
