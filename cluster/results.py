"""A drill's outcome and the table `make cluster-test` prints at the end."""

from dataclasses import dataclass, field


@dataclass
class Result:
    name: str
    counts: dict = field(default_factory=dict)  # label: number, in the order printed
    checks: dict = field(default_factory=dict)  # what must hold: True or False
    problems: list = field(default_factory=list)

    @property
    def passed(self):
        return all(self.checks.values()) and not self.problems

    def failed_checks(self):
        return [name for name, held in self.checks.items() if not held]


def table(results):
    rows = [("drill", "counts", "result")]
    for result in results:
        counts = ", ".join(f"{label} {value}" for label, value in result.counts.items())
        verdict = (
            "pass"
            if result.passed
            else "FAIL: " + "; ".join([*result.failed_checks(), *result.problems])
        )
        rows.append((result.name, counts, verdict))
    widths = [max(len(row[column]) for row in rows) for column in range(2)]
    lines = [
        f"{name:<{widths[0]}}  {counts:<{widths[1]}}  {verdict}" for name, counts, verdict in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    return "\n".join(lines)
