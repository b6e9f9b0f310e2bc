"""Templates stay in their box: every way of growing text or lists is bounded before it is built.

Each hostile override runs as a real process under a 2 GB address-space limit: a template
that built the 500 MB+ strings these ask for would die of MemoryError (exit 3) or take
minutes, so exit 1 with a located, one-line error proves the bound held before the value
was made.
"""

from __future__ import annotations

import os
import resource
import subprocess
from pathlib import Path

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment
from tests.conftest import AS_OF, CLI_ENV, TWS

from trauma_ws.publishing import render, sandbox

LIMIT = 2 * 1024**3


def _limited() -> None:  # pragma: no cover - runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


def _render(programme: Path, source: str) -> subprocess.CompletedProcess[str]:
    folder = programme / "templates"
    folder.mkdir(exist_ok=True)
    (folder / "minutes.md.j2").write_text(f"line one\n{source}\n", encoding="utf-8")
    return _render_existing(programme, limited=True)


GROWING = {
    "percent width": "{{ '%999999999s' % 'x' }}",
    "percent precision": "{{ '%.999999999f' % 1.5 }}",
    "percent star": "{{ '%*s' % (999999999, 'x') }}",
    "format width": "{{ '{:>999999999}'.format('x') }}",
    "format nested width": "{{ '{0:{1}}'.format('x', 999999999) }}",
    "format_map width": "{{ '{a:>999999999}'.format_map({'a': 'x'}) }}",
    "center method": "{{ 'x'.center(999999999) }}",
    "ljust method": "{{ 'x'.ljust(999999999) }}",
    "rjust method": "{{ 'x'.rjust(999999999) }}",
    "zfill method": "{{ '1'.zfill(999999999) }}",
    "expandtabs": "{{ ('\\t' * 1000000).expandtabs(10000) }}",
    "center filter": "{{ 'x' | center(999999999) }}",
    "format filter": "{{ '%999999999s' | format('x') }}",
    "indent filter": "{{ 'x\\ny' | indent(999999999) }}",
    "indent filter, many lines": "{{ ('\\n' * 1000000) | indent(10000) }}",
    "repetition": "{{ 'x' * 100000000 }}",
    "list repetition": "{{ (['x'] * 100000000) | length }}",
    "concatenation doubled": (
        "{% set ns = namespace(s='xx') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
    "plus doubled": (
        "{% set ns = namespace(s='xx') %}{% for i in range(64) %}"
        "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}"
    ),
    "list doubled": (
        "{% set ns = namespace(l=[1]) %}{% for i in range(64) %}"
        "{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l | length }}"
    ),
    "replace filter": "{{ ('x' * 1000000) | replace('x', 'x' * 1000) }}",
    "replace method": "{{ ('x' * 1000000).replace('x', 'y' * 1000) }}",
    "join filter": "{{ (['x' * 1000000] * 1000) | join }}",
    "join method": "{{ ''.join(['x' * 1000000] * 1000) }}",
    "output in a loop": "{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}",
    "output kept in a block": (
        "{% set s %}{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}{% endset %}"
        "{{ s | length }}"
    ),
    "macro output": (
        "{% macro m() %}{% for i in range(100000) %}{{ 'x' * 1000000 }}{% endfor %}"
        "{% endmacro %}{{ m() | length }}"
    ),
}


@pytest.mark.parametrize("source", GROWING.values(), ids=GROWING.keys())
def test_text_that_grows_without_limit_is_refused(programme: Path, source: str) -> None:
    done = _render(programme, source)
    assert done.returncode == 1, done.stderr
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert line.startswith("tws: error: templates/minutes.md.j2")
    assert "not allowed" in line or "template error" in line
    assert "internal error" not in line


def test_lorem_ipsum_is_not_offered_to_templates(programme: Path) -> None:
    done = _render(programme, "{{ lipsum(100000) }}")
    assert done.returncode == 1
    assert "lipsum" in done.stderr
    assert "internal error" not in done.stderr


ORDINARY = [
    "{{ '%5s|' % title }}",
    "{{ '{:>5}|'.format(title) }}|{{ '{a:>3}'.format_map({'a': 1}) }}",
    "{{ title.center(60, '*') }}{{ title.ljust(50) }}|{{ '7'.zfill(3) }}",
    "{{ title | center(60) }}|{{ '%03d' | format(7) }}|{{ 'a\\nb' | indent(2) }}",
    "{{ [title, 'b'] | join(', ') }}|{{ ', '.join([title, 'c']) }}",
    "{{ title ~ 'b' ~ 1 }}|{{ '<b>' ~ title }}|{{ ('<i>' | safe) ~ title }}",
    "{{ [1] + [2] }}|{{ title + '!' }}|{{ 17 % 5 }}|{{ 'x' * 3 }}|{{ 2 ** 10 }}",
    "{{ title | replace('a', 'AA') }}|{{ title.replace('e', 'EE') }}",
    "{{ title | wordwrap(10) }}|{{ ('a\\tb').expandtabs(4) }}",
    "{% set ns = namespace(s='') %}{% for i in range(50) %}{% set ns.s = ns.s ~ i %}"
    "{% endfor %}{{ ns.s }}",
    "{% set s %}<p>{{ title }}</p>{% endset %}{{ s }}{% macro m(x) %}[{{ x }}]{% endmacro %}"
    "{{ m(title) }}",
]


@pytest.mark.parametrize("name", ["t.md.j2", "t.html.j2"])
@pytest.mark.parametrize("source", ORDINARY)
def test_ordinary_templates_render_as_jinja_renders_them(name: str, source: str) -> None:
    """The bounds change nothing else: the same output as Jinja's own sandbox, both escapings."""
    context = {"title": "Delivery <Group> & partners"}
    stock = ImmutableSandboxedEnvironment(
        loader=jinja2.DictLoader({name: source}), autoescape=render.autoescape
    )
    ours = render.environment(None)
    ours.loader = jinja2.DictLoader({name: source})
    expected = stock.get_template(name).render(context)
    assert sandbox.render_bounded(ours.get_template(name), context) == expected


def test_a_template_that_runs_too_long_is_stopped(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.conftest import run_tws

    monkeypatch.setattr(sandbox, "MAX_SECONDS", 0.2)
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(
        "{% for i in range(100000) %}{% for j in range(100000) %}{{ meeting.title[0] }}"
        "{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 1
    assert "ran for more than" in result.stderr


def test_a_templates_folder_linked_from_outside_is_refused(programme: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "minutes.md.j2").write_text("secret outside the programme\n", encoding="utf-8")
    (programme / "templates").symlink_to(outside, target_is_directory=True)
    done = _render_existing(programme)
    assert done.returncode == 1
    assert "secret" not in done.stdout
    assert "templates/: not allowed" in done.stderr


def test_a_templates_folder_linked_inside_the_programme_is_used(programme: Path) -> None:
    real = programme / "layout"
    real.mkdir()
    (real / "minutes.md.j2").write_text("LINKED {{ meeting.title | md }}\n", encoding="utf-8")
    (programme / "templates").symlink_to(real, target_is_directory=True)
    done = _render_existing(programme)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "LINKED Delivery Group minutes: March 2023\n"


def _render_existing(programme: Path, *, limited: bool = False) -> subprocess.CompletedProcess[str]:
    """`tws minutes render` as a process; ``limited`` under the address-space limit."""
    root = str(programme)
    return subprocess.run(
        [str(TWS), "minutes", "render", "delivery-2023-03-01", "--as-of", AS_OF, "--root", root],
        env={**os.environ, **CLI_ENV},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        preexec_fn=_limited if limited else None,
    )
