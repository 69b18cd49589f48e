"""MEDIA_STORAGE_URL (core/storage_url.py): empty is the filesystem, s3:// an S3-compatible
store; anything else stops the start with a message that names the mistake and never the
secret."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.security import with_image_sources
from core.storage_url import FILESYSTEM_BACKEND, S3_BACKEND, media_origins, media_storage


def test_media_storage_empty_is_the_filesystem():
    assert media_storage("") == {"BACKEND": FILESYSTEM_BACKEND}
    assert media_storage("  ") == {"BACKEND": FILESYSTEM_BACKEND}


def test_media_storage_s3_with_endpoint_and_region():
    storage = media_storage("s3://catalog-media?endpoint=http://127.0.0.1:9000&region=eu-west-1")

    assert storage == {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": "catalog-media",
            "querystring_auth": False,
            "file_overwrite": False,
            "endpoint_url": "http://127.0.0.1:9000",
            "addressing_style": "path",
            "region_name": "eu-west-1",
        },
    }


def test_media_storage_s3_keys_from_the_url_are_unquoted():
    options = media_storage("s3://AKIDEXAMPLE:se%2Fcr%40et@media")["OPTIONS"]

    assert (options["access_key"], options["secret_key"]) == ("AKIDEXAMPLE", "se/cr@et")


def test_media_storage_s3_without_keys_leaves_them_to_the_environment():
    options = media_storage("s3://media")["OPTIONS"]

    assert "access_key" not in options
    assert "secret_key" not in options


def test_media_storage_s3_prefix_custom_domain_and_style():
    options = media_storage(
        "s3://media/site/uploads?custom_domain=media.example.org&addressing_style=virtual"
    )["OPTIONS"]

    assert options["location"] == "site/uploads"
    assert options["custom_domain"] == "media.example.org"
    assert options["addressing_style"] == "virtual"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://media.example.org", "only s3:// is known"),
        ("s3://", "the bucket name"),
        ("s3://Media_Files", "the bucket name"),
        ("s3://media?endpoint=ftp://host", "the endpoint must be"),
        ("s3://media?endpoint=http://host:port", "port is not a number"),
        ("s3://media?endpoint=http://host:9000/path", "origin alone"),
        ("s3://media?endpoint=http://a:1&endpoint=http://b:2", "endpoint given twice"),
        ("s3://media?bucket=other", "unknown parameter bucket"),
        ("s3://media?region=EU WEST", "the region"),
        ("s3://media?addressing_style=sideways", "addressing_style must be"),
        ("s3://media?custom_domain=https://cdn.example.org", "custom_domain must be"),
        ("s3://media/a/../b", "prefix"),
        ("s3://media#part", "fragment"),
        ("s3://onlykey@media", "both the access key and the secret key"),
        ("s3://media?endpoint", "query string"),
    ],
)
def test_media_storage_bad_url_is_a_clear_error(url, reason):
    with pytest.raises(ImproperlyConfigured) as raised:
        media_storage(url)

    assert str(raised.value).startswith("MEDIA_STORAGE_URL is malformed:")
    assert reason in str(raised.value)


def test_media_storage_error_never_shows_the_secret():
    with pytest.raises(ImproperlyConfigured) as raised:
        media_storage("s3://KEY:topsecret@Bad_Bucket")

    assert "topsecret" not in str(raised.value)


def test_media_origins_of_each_kind_of_store():
    assert media_origins(media_storage("")) == []
    assert media_origins(media_storage("s3://media?endpoint=http://10.0.0.5:9000")) == [
        "http://10.0.0.5:9000"
    ]
    assert media_origins(media_storage("s3://media?custom_domain=cdn.example.org")) == [
        "https://cdn.example.org"
    ]
    assert media_origins(media_storage("s3://media?region=eu-west-1")) == [
        "https://media.s3.amazonaws.com",
        "https://media.s3.eu-west-1.amazonaws.com",
    ]


def test_with_image_sources_adds_the_media_origin_to_img_src_alone():
    policy = {"DIRECTIVES": {"img-src": ["'self'"], "script-src": ["'self'"]}}

    changed = with_image_sources(policy, ["http://10.0.0.5:9000"])

    assert changed["DIRECTIVES"]["img-src"] == ["'self'", "http://10.0.0.5:9000"]
    assert changed["DIRECTIVES"]["script-src"] == ["'self'"]
    assert policy["DIRECTIVES"]["img-src"] == ["'self'"]
    assert with_image_sources(policy, []) is policy
