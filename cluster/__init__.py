"""`make cluster` and `make cluster-test` (issue 19): on this machine, in a temporary folder and on
ports of its own, a PostgreSQL primary and a streaming replica, two Granian instances, the task
worker and nginx in front, all started from the files in deploy/ that a real deployment uses;
then failure drills against it (cluster/drills*.py)."""
