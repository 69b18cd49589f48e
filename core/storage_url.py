"""MEDIA_STORAGE_URL: where uploaded media (posters, photos, logos, open-data archives) are kept.

Empty: the filesystem, under MEDIA_ROOT. `s3://[KEY:SECRET@]bucket[/prefix]?endpoint=...`: an
S3-compatible store through django-storages (access keys from the URL, else from
AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else boto3's usual chain). Parameters:
`endpoint` (http(s)://host:port of a store other than AWS), `region`, `custom_domain` (a CDN's
host that serves the bucket) and `addressing_style` (path, virtual or auto; path by default
with an endpoint, which MinIO, Ceph and moto need).

Media addresses are unsigned: a cached page shared by every visitor must not carry an address
that expires, so the bucket (or the CDN before it) serves its objects publicly.
"""

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

FILESYSTEM_BACKEND = "django.core.files.storage.FileSystemStorage"
S3_BACKEND = "storages.backends.s3.S3Storage"
PARAMETERS = ("endpoint", "region", "custom_domain", "addressing_style")
ADDRESSING_STYLES = ("path", "virtual", "auto")
# S3's rule for bucket names (no dots: they break TLS of virtual-host addresses).
BUCKET_NAME = re.compile(r"[a-z0-9][a-z0-9-]{1,61}[a-z0-9]")
REGION = re.compile(r"[a-z0-9-]+")
HOST = re.compile(r"[A-Za-z0-9.-]+(:[0-9]{1,5})?")
EXAMPLE = "s3://bucket?endpoint=http://host:9000&region=us-east-1"


def _refuse(reason):
    # Never the URL itself in the message: it may hold the secret key.
    return ImproperlyConfigured(f"MEDIA_STORAGE_URL is malformed: {reason} (e.g. {EXAMPLE}).")


def media_storage(url: str) -> dict:
    """The STORAGES["default"] entry of `url`; ImproperlyConfigured when it is malformed."""
    url = url.strip()
    if not url:
        return {"BACKEND": FILESYSTEM_BACKEND}
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise _refuse(str(error)) from None
    if parts.scheme != "s3":
        raise _refuse("only s3:// is known; leave it empty for the filesystem")
    if parts.fragment:
        raise _refuse("it has a #fragment")
    credentials, _at, bucket = parts.netloc.rpartition("@")
    if not BUCKET_NAME.fullmatch(bucket):
        raise _refuse("the bucket name must be 3-63 lower-case letters, digits or hyphens")
    options = {
        "bucket_name": bucket,
        "querystring_auth": False,
        # As the filesystem does: a name in use gets another one rather than replacing a file.
        "file_overwrite": False,
        **_credentials(credentials),
        **_parameters(parts.query),
    }
    location = parts.path.strip("/")
    if location:
        if any(part in ("", ".", "..") for part in location.split("/")):
            raise _refuse("the prefix after the bucket has an empty, . or .. part")
        options["location"] = location
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}


def _credentials(text):
    if not text:
        return {}
    key, colon, secret = text.partition(":")
    if not colon or not key or not secret:
        raise _refuse("give both the access key and the secret key, as KEY:SECRET@bucket")
    return {"access_key": unquote(key), "secret_key": unquote(secret)}


def _parameters(query):
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise _refuse("its query string cannot be read") from None
    names = [name for name, _value in pairs]
    unknown = sorted(set(names) - set(PARAMETERS))
    if unknown:
        raise _refuse(f"unknown parameter {', '.join(unknown)}; known: {', '.join(PARAMETERS)}")
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise _refuse(f"{', '.join(repeated)} given twice")
    given = dict(pairs)
    options = {}
    if "endpoint" in given:
        options["endpoint_url"] = _endpoint(given["endpoint"])
        options["addressing_style"] = "path"
    if "region" in given:
        if not REGION.fullmatch(given["region"]):
            raise _refuse("the region must be lower-case letters, digits and hyphens")
        options["region_name"] = given["region"]
    if "custom_domain" in given:
        if not HOST.fullmatch(given["custom_domain"]):
            raise _refuse("custom_domain must be a host name (and port), without https://")
        options["custom_domain"] = given["custom_domain"]
    if "addressing_style" in given:
        if given["addressing_style"] not in ADDRESSING_STYLES:
            raise _refuse(f"addressing_style must be one of {', '.join(ADDRESSING_STYLES)}")
        options["addressing_style"] = given["addressing_style"]
    return options


def _endpoint(value):
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 -- reading it checks it
    except ValueError:
        raise _refuse("the endpoint's port is not a number") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse("the endpoint must be http://host:port or https://host")
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise _refuse("the endpoint must be an origin alone, without path or credentials")
    return f"{parts.scheme}://{parts.netloc}"


def media_origins(storage: dict) -> list[str]:
    """The origins that serve media addresses of a STORAGES entry, for the image sources of the
    Content-Security-Policy; none for the filesystem (the site's own)."""
    options = storage.get("OPTIONS", {})
    if storage["BACKEND"] != S3_BACKEND:
        return []
    if options.get("custom_domain"):
        return [f"https://{options['custom_domain']}"]
    bucket = options["bucket_name"]
    if options.get("endpoint_url"):
        scheme, _slashes, host = options["endpoint_url"].partition("://")
        if options.get("addressing_style") == "path":
            return [options["endpoint_url"]]
        return [f"{scheme}://{bucket}.{host}", options["endpoint_url"]]
    region = options.get("region_name")
    hosts = [f"{bucket}.s3.amazonaws.com"] + (
        [f"{bucket}.s3.{region}.amazonaws.com"] if region else []
    )
    return [f"https://{host}" for host in hosts]
