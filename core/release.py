"""A digest of the code that renders the pages, for keys that must change with every deploy."""

import hashlib
from pathlib import Path

CODE_SUFFIXES = {".py", ".html", ".mo", ".css", ".js", ".svg"}


def code_digest(base_dir, folders):
    """Hash of the names, sizes and modification times of the files that render pages: equal on
    every worker of one deploy, different after any of those files changes. `folders` are
    relative to `base_dir`."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted(Path(base_dir, folder).rglob("*")):
            if path.suffix in CODE_SUFFIXES and path.is_file():
                stat = path.stat()
                digest.update(
                    f"{path.relative_to(base_dir)}:{stat.st_size}:{stat.st_mtime_ns}\n".encode()
                )
    return digest.hexdigest()
