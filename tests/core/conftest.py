import logging
import uuid

import boto3
import pytest
from django.core.files.storage import default_storage
from moto.server import ThreadedMotoServer

from core.storage_url import media_storage

REGION = "us-east-1"
KEYS = ("testing-key", "testing-secret")


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server (moto's server mode) on a free port of this machine, for the
    session's tests; its address. A server that cannot start fails the tests that need it."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # a line per request otherwise
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_media_url(s3_endpoint):
    """MEDIA_STORAGE_URL of a new, empty bucket of its own on the test server."""
    bucket = f"media-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS[0],
        aws_secret_access_key=KEYS[1],
    )
    client.create_bucket(Bucket=bucket)
    return f"s3://{KEYS[0]}:{KEYS[1]}@{bucket}?endpoint={s3_endpoint}&region={REGION}"


@pytest.fixture
def s3_media(settings, s3_media_url):
    """The default storage switched to that bucket, as MEDIA_STORAGE_URL would set it."""
    settings.STORAGES = {**settings.STORAGES, "default": media_storage(s3_media_url)}
    return default_storage
