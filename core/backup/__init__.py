"""`manage.py backup DIR` and `manage.py restore DIR`: the default database and every media file
of the default storage, in a folder:

    DIR/database.dump      PostgreSQL, pg_dump --format=custom  (or database.sqlite3, SQLite)
    DIR/media/...          each stored file under its storage name
    DIR/manifest.json      rows per table, sha256 per media file, when, which release
"""
