"""Figures to words: medians and ratios of interleaved pairs, the table, the TARGET lines."""

import math
import statistics
from dataclasses import dataclass, field


def percentile(values, percent):
    """Nearest-rank percentile: a value that was measured, never an interpolation."""
    ordered = sorted(values)
    return ordered[max(math.ceil(percent / 100 * len(ordered)) - 1, 0)]


@dataclass
class Pair:
    """A page and its reference measured alternately (A, B, A, B...) on one server."""

    label: str
    page: str
    reference: str
    server: str
    page_runs: list = field(default_factory=list)
    reference_runs: list = field(default_factory=list)
    skipped: str = ""  # why the pair was not measured, if it was not

    @property
    def page_rps(self):
        return statistics.median(run.requests_per_second for run in self.page_runs)

    @property
    def reference_rps(self):
        return statistics.median(run.requests_per_second for run in self.reference_runs)

    @property
    def ratio(self):
        """Median of the per-round ratios: each compares two back-to-back measurements, so a
        slow spell of the shared machine hits both sides of a round alike."""
        return statistics.median(
            page.requests_per_second / reference.requests_per_second
            for page, reference in zip(self.page_runs, self.reference_runs, strict=True)
        )

    @property
    def p50_ms(self):
        return statistics.median(run.p50_ms for run in self.page_runs)

    @property
    def p99_ms(self):
        return statistics.median(run.p99_ms for run in self.page_runs)

    @property
    def errors(self):
        return sum(run.errors for run in [*self.page_runs, *self.reference_runs])


@dataclass
class MixRun:
    """A mix of URLs measured as the page side of a pair against /healthz."""

    name: str  # "crawler" or "visitor"
    pair: Pair
    shares: dict  # page type: percent of the requests
    counts: dict  # page type: paths in its file
    saves: object = None  # the visitor's: bench.saver.Saves

    @property
    def paths(self):
        return sum(self.counts.values())

    def _total(self, figure):
        return sum(getattr(run, figure) for run in self.pair.page_runs)

    @property
    def paths_sent(self):
        return self._total("paths_sent")

    @property
    def wraps(self):
        """Times a round's slice of paths was started over: for the crawler, repeated pages."""
        return self._total("paths_wrapped")

    @property
    def non_2xx_3xx(self):
        return self._total("non_2xx_3xx")

    @property
    def socket_errors(self):
        return self._total("socket_errors")

    @property
    def errors(self):
        """Responses other than 2xx/3xx, socket errors and failed saves."""
        saves = self.saves.errors if self.saves else 0
        return self.non_2xx_3xx + self.socket_errors + saves


TABLE_HEADER = ("page", "server", "req/s", "reference", "ref req/s", "ratio", "p50 ms", "p99 ms")


def table_rows(pairs):
    rows = []
    for pair in pairs:
        if pair.skipped:
            rows.append((pair.label, pair.server, "-", pair.reference, "-", "-", "-", "-"))
            rows[-1] += (f"not measured: {pair.skipped}",)
            continue
        rows.append(
            (
                pair.label,
                pair.server,
                f"{pair.page_rps:.1f}",
                pair.reference,
                f"{pair.reference_rps:.1f}",
                f"{pair.ratio:.3f}",
                f"{pair.p50_ms:.2f}",
                f"{pair.p99_ms:.2f}",
            )
            + ((f"{pair.errors} errors",) if pair.errors else ())
        )
    return rows


def text_table(header, rows):
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [str(cell).ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, *row[len(header) :]]).rstrip())
    return "\n".join(lines)


def markdown_table(header, rows):
    """Cells past the header's (errors, notes) go into a last column."""
    notes = any(len(row) > len(header) for row in rows)
    header = [*header, "notes"] if notes else list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        cells = [str(cell) for cell in row[: len(header)]]
        cells += [""] * (len(header) - len(cells))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


@dataclass(frozen=True)
class Target:
    name: str
    measured: float | None  # None: not measured in this run
    operator: str  # ">=", "<=" or "=="
    goal: float
    decimals: int = 2
    unmeasured: str = "MISS"  # the verdict without a measure: MISS, or SKIP when not asked for

    @property
    def verdict(self):
        if self.measured is None:
            return self.unmeasured
        holds = {
            ">=": self.measured >= self.goal,
            "<=": self.measured <= self.goal,
            "==": self.measured == self.goal,
        }[self.operator]
        return "PASS" if holds else "MISS"

    def line(self):
        measured = "n/a" if self.measured is None else f"{self.measured:.{self.decimals}f}"
        goal = f"{self.goal:.{self.decimals}f}"
        return f"TARGET {self.name} {measured} {self.operator}{goal} {self.verdict}"
