"""`make bench`: the production server under wrk on the generated catalog (issue 7).

run.py drives it; knobs.py reads the environment; database.py prepares the database; servers.py
starts gunicorn or Granian; wrk.py runs and parses wrk; probe.py measures inside Django (queries
per page, search database time); report.py and targets.py turn figures into the table and the
TARGET lines; document.py writes docs/performance.md.
"""
