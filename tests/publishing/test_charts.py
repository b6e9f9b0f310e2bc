"""A measure's SVG chart and data table: sound XML, the figures in it, dates spaced by time,
a text alternative, and record text that stays text."""

from __future__ import annotations

import datetime as dt
import itertools
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from trauma_ws.publishing.charts import (
    describe,
    measure_svg,
    measure_table,
    nice_ticks,
    number_text,
)
from trauma_ws.record.registers import Measure

SVG = "{http://www.w3.org/2000/svg}"


def measure(**fields: Any) -> Measure:
    data: dict[str, Any] = {
        "id": "trained",
        "title": "Social workers trained",
        "unit": "people",
        "direction": "up",
        "baseline": {"value": 0, "date": "2023-01-01"},
        "target": {"value": 500, "date": "2024-03-31"},
        "values": [
            {"date": "2023-03-31", "value": 120, "source": "Return for January to March"},
            {"date": "2023-04-30", "value": 150, "source": "Return for April"},
            {"date": "2023-06-30", "value": 200.5, "source": "Return for May and June"},
        ],
    }
    return Measure.model_validate({**data, **fields})


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}text")]


def test_the_chart_is_sound_svg_with_a_text_alternative() -> None:
    root = parse(measure_svg(measure()))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None
    assert title.text == "Social workers trained (people)"
    assert desc is not None
    assert desc.text is not None
    assert "Latest: 200.5 on 30 June 2023." in desc.text
    assert "Target: 500 by 31 March 2024." in desc.text
    assert "higher is better" in desc.text
    labelled = (root.get("aria-labelledby") or "").split()
    assert labelled == [title.get("id"), desc.get("id")]
    assert not list(root.iter(f"{SVG}script"))
    assert not list(root.iter(f"{SVG}foreignObject"))


def test_the_chart_holds_every_figure_and_the_target() -> None:
    root = parse(measure_svg(measure()))
    point_titles = [
        "".join(t.itertext()) for c in root.iter(f"{SVG}circle") for t in c.iter(f"{SVG}title")
    ]
    assert point_titles == [
        "Baseline: 0 on 1 January 2023",
        "120 people on 31 March 2023",
        "150 people on 30 April 2023",
        "200.5 people on 30 June 2023",
    ]
    assert "Target 500 by 31 March 2024" in texts(root)
    dashed = [e for e in root.iter(f"{SVG}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 1  # the target line
    assert "people" in texts(root)  # the value axis's label
    assert "Date" in texts(root)  # the time axis's label


def test_dates_are_spaced_by_time_not_by_order() -> None:
    root = parse(measure_svg(measure()))
    xs = [float(c.get("cx") or 0) for c in root.iter(f"{SVG}circle")][1:]  # not the baseline
    # 31 March -> 30 April is 30 days; 30 April -> 30 June is 61 days.
    first, second = xs[1] - xs[0], xs[2] - xs[1]
    assert second / first == pytest.approx(61 / 30, rel=0.02)
    # Higher figures sit higher (smaller y).
    ys = [float(c.get("cy") or 0) for c in root.iter(f"{SVG}circle")][1:]
    assert ys == sorted(ys, reverse=True)


def test_hostile_text_stays_inert() -> None:
    hostile = '</svg><script>alert("x")</script>&amp;\x1b[31m'
    m = measure(
        title=hostile,
        unit="<b>people</b>",
        values=[{"date": "2023-03-31", "value": 1, "source": hostile}],
    )
    svg = measure_svg(m)
    root = parse(svg)  # still one well-formed document
    assert "<script" not in svg
    assert not list(root.iter(f"{SVG}script"))
    assert not list(root.iter(f"{SVG}b"))
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text is not None
    assert title.text.startswith('</svg><script>alert("x")</script>&amp;')
    assert "\x1b" not in svg  # control characters shown escaped, never raw


def test_a_measure_without_figures_or_target_still_draws() -> None:
    bare = Measure.model_validate(
        {"id": "new", "title": "Not counted yet", "unit": "%", "direction": "down"}
    )
    root = parse(measure_svg(bare))
    assert "No figures yet" in texts(root)
    desc = root.find(f"{SVG}desc")
    assert desc is not None
    assert desc.text is not None
    assert "No figures yet." in desc.text
    assert "lower is better" in desc.text


def test_one_figure_and_the_as_of_date() -> None:
    one = measure(baseline=None, target=None)
    root = parse(measure_svg(one, as_of=dt.date(2023, 4, 1)))
    circles = list(root.iter(f"{SVG}circle"))
    assert len(circles) == 1  # figures after the as-of date are left out
    assert not list(root.iter(f"{SVG}polyline"))


def test_the_table_beside_the_chart() -> None:
    table = measure_table(measure(), as_of=dt.date(2023, 5, 1))
    assert table.caption == "Social workers trained (people)"
    assert table.headers == ("Date", "Figure (people)", "Source")
    assert table.rows == (
        ("1 January 2023", "0", "Baseline"),
        ("31 March 2023", "120", "Return for January to March"),
        ("30 April 2023", "150", "Return for April"),
        ("31 March 2024", "500", "Target"),
    )


def test_describe_says_how_it_stands() -> None:
    text = describe(measure(), as_of=dt.date(2023, 7, 15))
    assert "3 figures from 31 March 2023 to 30 June 2023; the first 120." in text
    assert text.endswith("Status: on track.")


@pytest.mark.parametrize(
    ("value", "text"), [(1234, "1,234"), (12.5, "12.5"), (200.0, "200"), (-3, "-3")]
)
def test_number_text(value: float, text: str) -> None:
    assert number_text(value) == text


@pytest.mark.parametrize(("low", "high"), [(0, 1), (0, 200.5), (-3, 47), (0, 0), (5, 5)])
def test_ticks_cover_the_range_in_round_steps(low: float, high: float) -> None:
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low
    assert ticks[-1] >= high
    assert 2 <= len(ticks) <= 12
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
