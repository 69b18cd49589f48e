"""The demo data: every fact of the three source texts in ../shared/seeds/."""
