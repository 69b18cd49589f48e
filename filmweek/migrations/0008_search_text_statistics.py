"""On PostgreSQL, fewer statistics on the search text of film weeks: see alliance/0010."""

import importlib

from django.db import migrations

alliance_0010 = importlib.import_module("alliance.migrations.0010_search_text_statistics")


class Migration(migrations.Migration):
    dependencies = [
        ("alliance", "0010_search_text_statistics"),
        ("filmweek", "0007_list_sort_indexes"),
    ]

    operations = [
        alliance_0010.statistics_operation(
            "filmweek_filmweek", alliance_0010.SEARCH_TEXT_STATISTICS
        )
    ]
