"""Geometry of the server-side SVG pictures: the growth chart of an alliance and the world map of
its member countries. Pure functions of dates and numbers; the templates write the markup."""

import datetime
import functools
import math
import re
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.contrib.staticfiles import finders
from django.utils.html import escape

# Growth chart: a step line of members and one of countries over time, in a fixed viewBox that
# scales with the page. The margins leave room for the tick labels.
WIDTH = 480
HEIGHT = 260
MARGIN_LEFT = 40
MARGIN_RIGHT = 12
MARGIN_TOP = 14
MARGIN_BOTTOM = 30


class Datum(NamedTuple):
    """A point to draw: `ref` carries the record it stands for (a milestone) to the template."""

    day: datetime.date
    members: int
    countries: int
    ref: Any = None


class Tick(NamedTuple):
    position: str
    label: str


class Marker(NamedTuple):
    """A reported figure: diamonds at its members and its countries, joined by a line."""

    x: str
    y_members: str
    y_countries: str
    members_diamond: str
    countries_diamond: str
    datum: Datum


@dataclass(frozen=True)
class GrowthChart:
    """Everything the template writes, coordinates already formatted as SVG numbers."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    y_label_x: int
    x_label_y: int
    members_path: str
    countries_path: str
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    markers: list[Marker]
    mark_x: str | None = None  # the day the page shows the members on, if not today


def number(value: float) -> str:
    """A coordinate as SVG text: one decimal at most, no trailing ".0"."""
    text = f"{value:.1f}"  # rounded as round(value, 1) rounds
    if text.endswith(".0"):
        text = text[:-2]
    return "0" if text == "-0" else text


def linear(domain: tuple[float, float], span: tuple[float, float]):
    """The function mapping `domain` onto `span` linearly (an empty domain maps to its start)."""
    (d0, d1), (s0, s1) = domain, span
    if d1 == d0:
        return lambda value: s0
    return lambda value: s0 + (value - d0) * (s1 - s0) / (d1 - d0)


def tick_step(maximum: int, most: int = 5) -> int:
    """The smallest 1, 2 or 5 times a power of ten that splits 0..maximum in at most `most`."""
    magnitude = 1
    while True:
        for factor in (1, 2, 5):
            step = factor * magnitude
            if math.ceil(maximum / step) <= most:
                return step
        magnitude *= 10


def value_ticks(maximum: int, most: int = 5) -> list[int]:
    """0, step, 2 step ... up to the first multiple of the step at or above `maximum`."""
    top = max(maximum, 1)
    step = tick_step(top, most)
    return list(range(0, math.ceil(top / step) * step + 1, step))


def year_ticks(start: datetime.date, end: datetime.date, most: int = 8) -> list[datetime.date]:
    """1 January of every year (or every other, fifth... year) from `start` to `end`."""
    first_year = start.year if (start.month, start.day) == (1, 1) else start.year + 1
    years = list(range(first_year, end.year + 1))
    step = 1
    while len(years[::step]) > most:
        step += 1
    return [datetime.date(year, 1, 1) for year in years[::step]]


def step_path(points: list[tuple[float, float]]) -> str:
    """The SVG path of a step line: each value holds until the next point, then jumps."""
    if not points:
        return ""
    (x, y), rest = points[0], points[1:]
    parts = [f"M{number(x)} {number(y)}"]
    previous_y = y
    for x, y in rest:
        parts.append(f"H{number(x)}")
        if y != previous_y:
            parts.append(f"V{number(y)}")
            previous_y = y
    return "".join(parts)


def diamond(x: float, y: float, size: float = 5) -> str:
    """The path of a diamond centred on (x, y): the mark of a reported figure."""
    return (
        f"M{number(x)} {number(y - size)}L{number(x + size)} {number(y)}"
        f"L{number(x)} {number(y + size)}L{number(x - size)} {number(y)}Z"
    )


def growth_chart(
    series: list, reported: list, today: datetime.date, mark: datetime.date | None = None
) -> GrowthChart:
    """Coordinates of the growth chart. `series` and `reported` hold objects with `day`, `members`
    and `countries` (a step series, and the figures reported by the alliance); the x axis runs from
    1 January of the first year to the last day shown (today at least). `mark` is a day to draw a
    vertical line at (the day the page shows the members on)."""
    days = [point.day for point in [*series, *reported]] or [today]
    if mark:
        days.append(mark)
    first, last = min(days), max([*days, today])
    start = first.replace(month=1, day=1)
    if last <= start:
        last = start + datetime.timedelta(days=1)
    top = max([point.members for point in [*series, *reported]] or [0])
    values = value_ticks(top)

    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    plot_top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    x_of = linear((start.toordinal(), last.toordinal()), (left, right))
    y_of = linear((0, values[-1]), (bottom, plot_top))

    def x(day):
        return x_of(day.toordinal())

    xs = [x(point.day) for point in series]

    return GrowthChart(
        width=WIDTH,
        height=HEIGHT,
        left=left,
        right=right,
        top=plot_top,
        bottom=bottom,
        y_label_x=left - 6,
        x_label_y=bottom + 20,
        members_path=step_path([(at, y_of(p.members)) for at, p in zip(xs, series, strict=True)]),
        countries_path=step_path(
            [(at, y_of(p.countries)) for at, p in zip(xs, series, strict=True)]
        ),
        x_ticks=[Tick(number(x(day)), str(day.year)) for day in year_ticks(start, last)],
        y_ticks=[Tick(number(y_of(value)), str(value)) for value in values],
        markers=[
            marker(x(point.day), y_of(point.members), y_of(point.countries), point)
            for point in reported
        ],
        mark_x=number(x(mark)) if mark else None,
    )


def marker(x: float, y_members: float, y_countries: float, datum: Datum) -> Marker:
    return Marker(
        number(x),
        number(y_members),
        number(y_countries),
        diamond(x, y_members),
        diamond(x, y_countries),
        datum,
    )


# World map: static/img/world.svg holds one <path class="country xx"> per country, xx being
# its ISO 3166-1 alpha-2 code in lower case.

_COUNTRY_PATH = re.compile(r'<path class="country ([a-z]{2})" d="([^"]+)"\s*/>')
_VIEW_BOX = re.compile(r'viewBox="([\d .]+)"')


class Shape(NamedTuple):
    code: str
    path: str


class WorldMap(NamedTuple):
    view_box: str
    shapes: list[Shape]


def parse_world_map(svg_text: str) -> WorldMap:
    return WorldMap(
        view_box=_VIEW_BOX.search(svg_text).group(1),
        # Escaped here, once: 70 kB of path data the template would escape on every page.
        shapes=[Shape(code, escape(path)) for code, path in _COUNTRY_PATH.findall(svg_text)],
    )


@functools.cache
def world_map() -> WorldMap:
    """The shipped world map, read once per process."""
    with open(finders.find("img/world.svg"), encoding="utf-8") as file:
        return parse_world_map(file.read())


class MapShape(NamedTuple):
    code: str
    path: str
    name: str  # empty for a country that is not highlighted


def highlighted_shapes(shapes: list[Shape], names: dict[str, str]) -> list[MapShape]:
    """The map's shapes; those of the countries in `names` (ISO alpha-2 code in any case -> name)
    carry their name, which marks them as highlighted."""
    wanted = {code.lower(): name for code, name in names.items()}
    return [MapShape(shape.code, shape.path, wanted.get(shape.code, "")) for shape in shapes]
