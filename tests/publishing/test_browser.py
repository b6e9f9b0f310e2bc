"""The shipped data's public site in a real browser (Debian's chromium through Playwright).

Opened from the file system and from a sub-folder of a local web server: every link on every
page is followed, the dashboard shows the overdue actions, axe-core finds no serious or critical
accessibility problem, and a screenshot of the dashboard is kept in build/test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit
from urllib.request import url2pathname

import pytest
from tests.conftest import run_tws

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
"""A date on which the shipped data has overdue actions."""
ARTIFACTS = REPO / "build" / "test-artifacts"
SUB_PATH = "programme/site"
"""Where the site is served on the local web server: not at the top, as on GitHub Pages."""
HEADER_COLOUR = "rgb(11, 42, 74)"
"""The header's background in assets/site.css: seen only when the style sheet loaded."""
ONE_OF_EACH = [
    "index.html",
    "actions/index.html",
    "actions/pdg-003.html",
    "meetings/index.html",
    "meetings/pdg-2022-08-25.html",
    "groups/index.html",
    "groups/pdg.html",
    "risks.html",
    "measures.html",
    "report.html",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.is_file(),
    reason=f"{CHROMIUM} is missing: install Debian's chromium (`apt-get install chromium`) to "
    "run the browser tests (.ci/run installs it; `playwright install` cannot download here)",
)

if CHROMIUM.is_file():
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import Browser, Page, sync_playwright


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No request log on stderr."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped data's site, built as of AS_OF."""
    out = tmp_path_factory.mktemp("browser") / "site"
    result = run_tws("site", "build", "--root", str(REPO), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def server(built: Path) -> Iterator[str]:
    """The site served from a sub-folder of a local web server on a free port: its address."""
    www = built.parent / "www"
    shutil.copytree(built, www / SUB_PATH)
    handler = functools.partial(_Quiet, directory=str(www))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{SUB_PATH}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def crawl(page: Page, start: str, *, base: str) -> dict[str, set[str]]:
    """Visit every page reachable from ``start`` without leaving ``base``: {url: its ids}.

    Asserts that each page and each style sheet loads and that every anchor exists.
    """
    ids: dict[str, set[str]] = {}
    anchors: list[tuple[str, str, str]] = []
    downloads: set[str] = set()
    todo = [start]
    while todo:
        url = todo.pop()
        if url in ids:
            continue
        response = page.goto(url)
        assert response is not None, url
        assert response.ok, f"{url}: {response.status}"
        assert page.title(), url
        ids[url] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        sheets = page.eval_on_selector_all("link[href]", "els => els.map(e => e.href)")
        for sheet in sheets:
            assert sheet.startswith(base), f"{url}: style sheet {sheet} outside the site"
        header = page.eval_on_selector(".site-header", "e => getComputedStyle(e).backgroundColor")
        assert header == HEADER_COLOUR, f"{url}: the style sheet did not load"
        targets = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
        for target in targets:
            scheme = urlsplit(target).scheme
            if scheme in ("mailto", "https") or target.startswith("http://www."):
                continue  # the programme's own contact and web page
            assert target.startswith(base), f"{url}: link {target} leaves the site"
            address, fragment = urldefrag(target)
            if fragment:
                anchors.append((url, address, fragment))
            if address.endswith(".html"):
                todo.append(address)
            elif address.endswith(".docx"):
                downloads.add(address)
            else:
                raise AssertionError(f"{url}: link {target} is not to a page or a download")
    for url, address, fragment in anchors:
        assert fragment in ids[address], f"{url}: no #{fragment} in {address}"
    assert downloads, "no Word download linked"
    for address in downloads:
        if address.startswith("file:"):
            data = Path(url2pathname(urlsplit(address).path)).read_bytes()
        else:
            response = page.request.get(address)
            assert response.ok, f"{address}: {response.status}"
            data = response.body()
        assert data.startswith(b"PK"), address
    return ids


def test_every_link_works_from_the_file_system(page: Page, built: Path) -> None:
    base = built.as_uri() + "/"
    visited = crawl(page, base + "index.html", base=base)
    assert len(visited) == len(list(built.rglob("*.html")))


def test_every_link_works_from_a_sub_path_of_a_web_server(page: Page, server: str) -> None:
    visited = crawl(page, server + "index.html", base=server)
    assert server + "report.html" in visited
    assert server + "actions/pdg-003.html" in visited


def test_dashboard_shows_the_overdue_actions(page: Page, server: str) -> None:
    page.goto(server + "index.html")
    table = page.locator("table", has=page.locator("caption", has_text="past their due date"))
    rows = table.locator("tbody th[scope=row]").all_inner_texts()
    assert [row.split(":")[0] for row in rows] == ["pdg-003", "pdg-004", "pdg-006"]
    assert "1543" in table.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    assert (ARTIFACTS / "dashboard.png").stat().st_size > 10_000


def test_the_skip_link_comes_first_and_shows_focus(page: Page, server: str) -> None:
    page.goto(server + "actions/pdg-003.html")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement; const s = getComputedStyle(e);"
        " return [e.textContent, e.getAttribute('href'), s.outlineStyle, s.outlineWidth,"
        " e.getBoundingClientRect().top >= 0]; }"
    )
    assert focused == ["Skip to main content", "#main", "solid", "3px", True]
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_pages_read_without_javascript(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server + "index.html")
        assert "Overdue actions" in page.locator("main").inner_text()
        assert page.locator("script").count() == 0
    finally:
        context.close()


@pytest.mark.parametrize("name", ONE_OF_EACH)
def test_no_serious_accessibility_problems(page: Page, server: str, name: str) -> None:
    page.goto(server + name)
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], results.generate_report()
