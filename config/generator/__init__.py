"""Deterministic synthetic catalog data for load tests (`manage.py generate_catalog`)."""
