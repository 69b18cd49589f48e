# The two commands of the README: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Two workers by default (the machines have two cores); PYTEST_ARGS= runs in one process.
PYTEST_ARGS ?= -n 2
STAMP := $(VENV)/.installed-stamp

.PHONY: run test install lint format migrate demo clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + ")")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py load_demo
	@echo "Serving on http://127.0.0.1:$(PORT)/  (staff back office: http://127.0.0.1:$(PORT)/admin/)"
	DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache .ruff_cache staticfiles

# `make bench`: the production server under wrk on a generated catalog, page by page and in two
# mixes of URLs (crawler, visitor), written to docs/performance.md (issue 7; knobs in
# bench/knobs.py), with the programme grid of 300 screenings in 12 venues rendered in process
# (bench/grid.py). `make bench-smoke`: a tiny run for CI. `make bench-grid`: the grid alone, on
# a throwaway test database, under 150 ms.
.PHONY: bench bench-smoke bench-grid bench-ab
BENCH_STAMP := $(VENV)/.bench-installed-stamp

$(BENCH_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	@command -v wrk >/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	$(BIN)/python -m bench

bench-grid: install
	$(BIN)/python -m bench.grid

# `make bench-ab OTHER=../other-worktree`: the visitor mix on this tree's code and another's,
# alternating rounds on the same database (bench/ab.py).
bench-ab: $(BENCH_STAMP)
	$(BIN)/python -m bench.ab $(OTHER)

bench-smoke:
	BENCH_SMOKE=1 $(MAKE) --no-print-directory bench

# `make cluster`: a PostgreSQL primary and streaming replica, two Granian instances, the task
# worker and nginx, on this machine in a temporary folder and ports of their own, from the files
# in deploy/ (docs/deploy.md); Ctrl-C stops it all. `make cluster-test`: the failure drills of
# issue 19 against a fresh one, then their counts (cluster/test.py).
.PHONY: cluster cluster-test cluster-tools
cluster-tools:
	@{ command -v nginx && command -v wrk && command -v redis-server && \
		ls /usr/lib/postgresql/*/bin/pg_basebackup; } >/dev/null 2>&1 || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq nginx wrk redis-server postgresql >/dev/null; }

cluster: install cluster-tools
	$(BIN)/python -m cluster

cluster-test: install cluster-tools
	$(BIN)/python -m cluster.test
