"""Every model with a change history names each of its versions, also when the rows a version
points at have been deleted since (its __str__ reads them through core.models.history)."""

import datetime
import decimal

import pytest
from django.apps import apps
from django.db import models
from simple_history.models import HistoricalChanges

pytestmark = pytest.mark.django_db

GONE = 999_999  # no row has this id


def models_with_history():
    return [
        model
        for model in apps.get_models()
        if getattr(model._meta, "simple_history_manager_attribute", None)
        and not issubclass(model, HistoricalChanges)
    ]


def plain_value(field):
    """A valid value of a field that is not a relation."""
    if field.choices:
        return field.choices[0][0]
    by_type = [
        (models.DateTimeField, datetime.datetime(2023, 6, 12, 11, 0, tzinfo=datetime.UTC)),
        (models.DateField, datetime.date(2023, 6, 12)),
        (models.DecimalField, decimal.Decimal("40")),
        (models.IntegerField, 3),
        (models.BooleanField, False),
        (models.EmailField, "someone@example.org"),
        (models.JSONField, {}),
        (models.FileField, ""),
        (models.CharField, "Text"),
        (models.TextField, "Text"),
    ]
    return next((value for kind, value in by_type if isinstance(field, kind)), None)


def with_deleted_relations(instance):
    """`instance` with plain values in every column and foreign keys to rows that don't exist."""
    for field in instance._meta.concrete_fields:
        if field.primary_key or field.is_relation:
            setattr(instance, field.attname, GONE)
        elif field.name not in {"history_date", "history_type", "history_change_reason"}:
            setattr(instance, field.attname, plain_value(field))
    return instance


def test_models_with_history_are_found():
    names = {model.__name__ for model in models_with_history()}

    assert {"Participation", "Institution", "Screening", "TourStop"} <= names


@pytest.mark.parametrize("model", models_with_history(), ids=lambda model: model.__name__)
def test_str_of_record_whose_related_rows_are_gone_names_it(model):
    record = with_deleted_relations(model())

    name = str(record)

    assert name.strip() != ""


@pytest.mark.parametrize("model", models_with_history(), ids=lambda model: model.__name__)
def test_str_of_version_whose_related_rows_are_gone_names_it(model):
    historical_model = model.history.model
    version = with_deleted_relations(historical_model())
    version.history_date = datetime.datetime(2024, 1, 2, 3, 4, tzinfo=datetime.UTC)
    version.history_type = "~"

    name = str(version)

    assert name.endswith(" as of 2024-01-02 03:04:00+00:00")
    assert name.removesuffix(" as of 2024-01-02 03:04:00+00:00").strip() != ""
