"""Activity sessions on the schedule; screening language notes in both languages and the
date of their last change (a calendar event's DTSTAMP and LAST-MODIFIED)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("filmweek", "0002_search_text"),
        ("screenings", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="screening",
            old_name="language_note",
            new_name="language_note_en",
        ),
        migrations.AlterField(
            model_name="screening",
            name="language_note_en",
            field=models.CharField(
                blank=True,
                help_text="e.g. Mandarin, English subtitles",
                max_length=120,
                verbose_name="language and subtitles (English)",
            ),
        ),
        migrations.AddField(
            model_name="screening",
            name="language_note_zh",
            field=models.CharField(
                blank=True,
                help_text="e.g. 普通话，英文字幕",
                max_length=120,
                verbose_name="language and subtitles (Chinese)",
            ),
        ),
        migrations.AddField(
            model_name="screening",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="screening",
            name="guests",
            field=models.ManyToManyField(
                blank=True,
                related_name="screening_appearances",
                to="filmweek.person",
                verbose_name="Q&A guests",
            ),
        ),
        migrations.CreateModel(
            name="ActivitySession",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("starts_at", models.DateTimeField(verbose_name="starts at")),
                ("ends_at", models.DateTimeField(verbose_name="ends at")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("scheduled", "Scheduled"),
                            ("cancelled", "Cancelled"),
                            ("sold_out", "Sold out"),
                            ("moved", "Moved"),
                        ],
                        default="scheduled",
                        max_length=10,
                        verbose_name="state",
                    ),
                ),
                ("sequence", models.PositiveIntegerField(default=0, editable=False)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "activity",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="sessions",
                        to="filmweek.activity",
                    ),
                ),
                (
                    "venue",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="activity_sessions",
                        to="screenings.venue",
                    ),
                ),
            ],
            options={
                "verbose_name": "activity session",
                "ordering": ["starts_at", "venue"],
                "indexes": [
                    models.Index(fields=["venue", "starts_at"], name="activity_session_venue_start")
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("ends_at__gt", models.F("starts_at"))),
                        name="activity_session_ends_after_start",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            ("state__in", ["scheduled", "cancelled", "sold_out", "moved"])
                        ),
                        name="activity_session_state_valid",
                    ),
                ],
            },
        ),
    ]
