"""`tws minutes render` and its templates: golden files, HTML shape, privacy, escaping, sandbox."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from markdown_it import MarkdownIt
from tests.conftest import AS_OF, run_tws, run_tws_process

from trauma_ws.cli import render_cmd
from trauma_ws.publishing import render
from trauma_ws.record.problems import UsageError

REPO = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "minutes"
SHIPPED = ["pdg-2022-08-25", "eag-2022-09-21"]
FIXTURE_MEETINGS = ["delivery-2023-03-01", "delivery-2023-06-01", "advisory-2023-04-01"]
VOID = {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "area", "base", "col"}

NASTY = {
    "script": "<script>alert(1)</script>",
    "jinja": "{{ 7*7 }}",
    "link": "[link](javascript:alert(1))",
    "bold": "*bold*",
    "heading": "# heading",
}


def markdown(text: str) -> str:
    """Markdown to HTML as CommonMark renders it (with GitHub tables and strikethrough)."""
    html: str = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(text)
    return html


class Page(HTMLParser):
    """What the tests need to know about an HTML document, from a real parse."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype: str | None = None
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []
        self.texts: list[str] = []
        self.title = ""
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.feed(html)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.title += data
        self.texts.append(data)

    def named(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for t, attrs in self.tags if t == tag]

    @property
    def text(self) -> str:
        return "".join(self.texts)


def check_page(html: str) -> Page:
    """Parse ``html`` and assert the document shape every HTML output must have."""
    page = Page(html)
    assert page.errors == []
    assert (page.doctype or "").lower() == "doctype html"
    assert page.named("html") == [{"lang": "en-GB"}]
    assert {"charset": "utf-8"} in page.named("meta")
    assert any(m.get("name") == "viewport" for m in page.named("meta"))
    assert page.title.strip()
    assert len(page.named("main")) == 1
    assert page.headings.count(1) == 1
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:], strict=False):
        assert after <= before + 1, f"heading level skips from h{before} to h{after}"
    assert page.named("script") == []
    return page


def render_ok(*args: str) -> str:
    result = run_tws("minutes", "render", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    return result.stdout


# --- the Markdown filter --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain words, e.g. this.", "plain words, e.g. this."),
        ("*bold* _em_", r"\*bold\* \_em\_"),
        ("[link](javascript:alert(1))", r"\[link\](javascript:alert(1))"),
        ("<script>alert(1)</script>", r"\<script\>alert(1)\</script\>"),
        ("# heading", r"\# heading"),
        ("> quote", r"\> quote"),
        ("- item", r"\- item"),
        ("+ item", r"\+ item"),
        ("1. first", r"1\. first"),
        ("12) twelfth", r"12\) twelfth"),
        ("=== rule", r"\=== rule"),
        ("back\\slash `code`", r"back\\slash \`code\`"),
        ("a | b ~~c~~ $x$ &amp; !", r"a \| b \~\~c\~\~ \$x\$ \&amp; \!"),
        ("two\n\nparagraphs\n- list", "two paragraphs - list"),  # one line: no list
        ("{{ 7*7 }}", r"\{\{ 7\*7 \}\}"),
    ],
)
def test_md_escapes(text: str, escaped: str) -> None:
    assert render.md(text) == escaped


@pytest.mark.parametrize(
    "text",
    [
        *NASTY.values(),
        "1. numbered",
        "- dash",
        "+ plus",
        "> quote",
        "---",
        "***",
        "=",
        "Under_scores and snake_case_names",
        "&copy; &#169; &lt;b&gt;",
        "<https://example.org> www.example.org https://example.org",
        "![image](https://example.org/x.png)",
        "a | b |\n|---|---|\n| c | d |",
        "trailing backslash \\",
        "`code` and ``more``",
        "    indented code",
        "~~~\nfence",
        "[ref]: https://example.org",
        "<!-- comment -->",
        "Who Cares? Scotland (SWEP) 2022/23 – 50% done!",
    ],
)
def test_md_renders_as_the_text_itself(text: str) -> None:
    """Through a CommonMark renderer, escaped data comes out as exactly its text."""
    import html

    flat = " ".join(text.split())
    for context in ("{}", "- {}", "### {}", "Before {} after"):
        out = markdown(context.format(render.md(text)))
        page = Page(out)
        assert flat in page.text, out
        assert not {t for t, _ in page.tags} & {"a", "img", "em", "strong", "code", "script"}
        assert not {t for t, _ in page.tags} & {"table", "del", "blockquote", "ol", "hr", "pre"}
        assert html.escape(flat, quote=False) in out


def test_md_url_makes_only_web_addresses_links() -> None:
    assert render.md_url("https://www.gov.scot/x") == "<https://www.gov.scot/x>"
    assert render.md_url("javascript:alert(1)") == r"javascript:alert(1)"
    assert render.md_url("https://x.org/<script>") == r"https://x.org/\<script\>"


@pytest.mark.parametrize(
    ("name", "escape"),
    [
        ("minutes.html.j2", True),
        ("base.htm.j2", True),
        ("feed.xml.j2", True),
        ("minutes.md.j2", False),
        ("notes.txt.j2", False),
        ("page.html", True),
        (None, False),
    ],
)
def test_autoescape_decides_by_the_name_without_j2(name: str | None, escape: bool) -> None:
    assert render.autoescape(name) is escape


# --- the shipped meetings: golden files -----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("meeting", SHIPPED)
def test_shipped_meetings_match_golden(meeting: str, fmt: str, update_golden: bool) -> None:
    out = render_ok(meeting, "--format", fmt, "--root", str(REPO))
    golden = GOLDEN / f"{meeting}.public.{fmt}"
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8", newline="\n")
    assert golden.is_file(), f"no golden file {golden}: run pytest --update-golden and review it"
    assert out == golden.read_text(encoding="utf-8"), "run pytest --update-golden, review the diff"


@pytest.mark.parametrize("meeting", SHIPPED)
def test_shipped_minutes_follow_the_published_style(meeting: str) -> None:
    out = render_ok(meeting, "--root", str(REPO))
    lines = out.splitlines()
    assert lines[0].startswith("# Trauma Responsive Social Work Services ")
    assert lines[0].endswith(" minutes: August 2022" if "pdg" in meeting else " September 2022")
    for heading in (
        "## Attendees and apologies",
        "## Items and actions",
        "## Next steps/actions",
        "## Contact",
    ):
        assert heading in lines
    assert any(line.startswith("Minutes from the meeting of the group on ") for line in lines)
    page = Page(markdown(out))
    assert page.headings.count(1) == 1
    assert page.named("a") == []


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("meeting", SHIPPED)
def test_shipped_html_is_a_sound_document(meeting: str, audience: str) -> None:
    html = render_ok(meeting, "-f", "html", "-a", audience, "--root", str(REPO))
    page = check_page(html)
    assert page.title.startswith("Trauma Responsive Social Work Services ")
    assert [h for h in page.headings if h == 2] == [2, 2, 2, 2]


def test_pdg_lists_its_organisations_and_actions() -> None:
    page = check_page(render_ok("pdg-2022-08-25", "-f", "html", "--root", str(REPO)))
    assert "Who Cares? Scotland" in page.texts
    assert any(
        t.startswith("Update the work plan and return it to the secretariat – ")
        and t.endswith("; due 2 September 2022")
        for t in page.texts
    )


# --- privacy --------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
@pytest.mark.parametrize("meeting", FIXTURE_MEETINGS)
def test_public_minutes_name_no_private_person(programme: Path, meeting: str, fmt: str) -> None:
    public = render_ok(meeting, "-f", fmt, "--root", str(programme))
    assert "Pat Privateperson" not in public
    assert "pat-private" not in public
    assert "Staffing concerns" not in public
    assert "Internal" not in public
    internal = render_ok(meeting, "-f", fmt, "-a", "internal", "--root", str(programme))
    assert "Internal" in internal
    if meeting.startswith("delivery"):
        assert "Pat Privateperson" in internal


def test_internal_minutes_mark_internal_notes(programme: Path) -> None:
    md = render_ok("delivery-2023-03-01", "-a", "internal", "--root", str(programme))
    assert (
        "- **Internal:** Staffing concerns at Beta Health Board were discussed in confidence" in md
    )
    assert "- Pat Privateperson (Beta Health Board)" in md
    html = render_ok(
        "delivery-2023-03-01", "-a", "internal", "-f", "html", "--root", str(programme)
    )
    check_page(html)


def test_public_draft_warns(programme: Path) -> None:
    result = run_tws(
        "minutes", "render", "delivery-2023-06-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 0
    assert "draft" in result.stderr
    assert "**Draft: these minutes have not yet been approved by the group.**" in result.stdout


# --- escaping: data is text, never markup or template code ----------------------------------------


@pytest.fixture
def nasty(programme: Path) -> Path:
    """The fixture with markup, a script and Jinja code in an item title, a note and a decision."""
    path = programme / "data/meetings/delivery-2023-06-01.yaml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    doc["items"].append(
        {
            "title": NASTY["script"] + " " + NASTY["jinja"],
            "notes": list(NASTY.values()),
            "decisions": [NASTY["link"]],
        }
    )
    doc["purpose"] = NASTY["heading"]
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return programme


def test_html_shows_data_as_text(nasty: Path) -> None:
    html = render_ok("delivery-2023-06-01", "-f", "html", "--root", str(nasty))
    page = check_page(html)
    for value in NASTY.values():
        assert value in page.texts
    assert NASTY["script"] + " " + NASTY["jinja"] in page.texts
    assert "49" not in html
    assert all((a.get("href") or "").startswith("mailto:") for a in page.named("a"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_shows_data_as_text(nasty: Path) -> None:
    out = render_ok("delivery-2023-06-01", "--root", str(nasty))
    assert r"### \<script\>alert(1)\</script\> \{\{ 7\*7 \}\}" in out
    assert r"- \[link\](javascript:alert(1))" in out
    assert "\n\\# heading\n" in out
    assert "49" not in out
    page = Page(markdown(out))
    for value in NASTY.values():
        assert value in page.texts
    assert page.named("script") == []
    assert page.named("a") == []
    assert page.named("em") == []
    assert page.headings.count(1) == 1


# --- programme templates --------------------------------------------------------------------------


def test_programme_template_overrides_the_default(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(
        "OVERRIDE {{ meeting.title | md }}\n", encoding="utf-8"
    )
    assert render_ok("delivery-2023-03-01", "--root", str(programme)) == (
        "OVERRIDE Delivery Group minutes: March 2023\n"
    )
    # Only that file is overridden: HTML still comes from the defaults.
    check_page(render_ok("delivery-2023-03-01", "-f", "html", "--root", str(programme)))


def test_programme_base_layout_is_extended_by_the_default_minutes(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/base.html.j2").write_text(
        "<main class=custom>{% block content %}{% endblock %}</main>\n", encoding="utf-8"
    )
    html = render_ok("delivery-2023-03-01", "-f", "html", "--root", str(programme))
    assert html.startswith("<main class=custom><h1>Delivery Group minutes: March 2023</h1>")


@pytest.mark.parametrize(
    "source",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ meeting.__class__ }}",
        "{{ meeting.title.format.__globals__ }}",
        "{{ 'x' * 100000000 }}",
        "{{ 10 ** 100000 }}",
    ],
)
def test_unsafe_override_is_refused_clearly(programme: Path, source: str) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(f"line one\n{source}\n", encoding="utf-8")
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "templates/minutes.md.j2:2: not allowed" in result.stderr
    assert "unsafe" in result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


def test_override_may_not_change_the_data(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(
        "{{ meeting.attendees.append('x') }}\n", encoding="utf-8"
    )
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("tws: error: templates/minutes.md.j2:1: ")


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ok\n{% if meeting.title %}\n", "templates/minutes.md.j2:2: template syntax error"),
        ("{{ meeting.no_such_field }}", "templates/minutes.md.j2:1: template error: "),
        ("\n\n{{ 1 / 0 }}", "templates/minutes.md.j2:3: template error: ZeroDivisionError"),
        ("{% include 'missing.j2' %}", "no template `missing.j2`"),
    ],
)
def test_broken_override_names_file_and_line(programme: Path, source: str, message: str) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(source, encoding="utf-8")
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code in (1, 2)
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_template_linked_from_outside_is_refused(programme: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("secret outside the programme\n", encoding="utf-8")
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").symlink_to(outside)
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 1
    assert "secret" not in result.stdout
    assert "templates/minutes.md.j2: not allowed" in result.stderr


def test_sandbox_still_allows_ordinary_expressions(programme: Path) -> None:
    (programme / "templates").mkdir()
    (programme / "templates/minutes.md.j2").write_text(
        "{{ '-' * 3 }} {{ 2 ** 10 }} {{ meeting.items | length }}\n", encoding="utf-8"
    )
    assert render_ok("delivery-2023-03-01", "--root", str(programme)) == "--- 1024 2\n"


def test_unknown_template_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"no template `nope\.md\.j2`"):
        render.render("nope.md.j2", {}, root=None)


# --- the command ----------------------------------------------------------------------------------


def test_output_file_is_written_and_stdout_stays_empty(programme: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "nested" / "minutes.html"
    args = ["delivery-2023-03-01", "-f", "html", "-o", str(target), "--root", str(programme)]
    result = run_tws("minutes", "render", *args, "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "wrote" in result.stderr
    check_page(target.read_text(encoding="utf-8"))
    assert [p.name for p in target.parent.iterdir()] == ["minutes.html"]  # no temp file left
    again = run_tws("minutes", "render", *args, "--as-of", AS_OF)
    assert again.exit_code == 0
    assert "unchanged" in again.stderr


def test_output_to_a_folder_is_refused(programme: Path, tmp_path: Path) -> None:
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "-o", str(tmp_path), "--root", str(programme)
    )
    assert result.exit_code == 2


def test_unknown_meeting_suggests_the_nearest(programme: Path) -> None:
    result = run_tws(
        "minutes", "render", "delivery-2023-03-02", "--root", str(programme), "--as-of", AS_OF
    )
    assert result.exit_code == 2
    assert "`delivery-2023-03-02` is not a meeting" in result.stderr
    assert "did you mean `delivery-2023-03-01`" in result.stderr
    assert result.stdout == ""


def test_missing_meeting_without_a_terminal_is_a_usage_error(programme: Path) -> None:
    result = run_tws("minutes", "render", "--root", str(programme), "--as-of", AS_OF)
    assert result.exit_code == 2
    assert "give MEETING" in result.stderr
    assert result.stdout == ""


def test_missing_meeting_is_asked_for_at_a_terminal(
    programme: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(render_cmd, "interactive", lambda: True)
    result = run_tws(
        "minutes",
        "render",
        "--root",
        str(programme),
        "--as-of",
        AS_OF,
        input="delivery-2023-03-01\n",
    )
    assert result.exit_code == 0, result.stderr
    assert "# Delivery Group minutes: March 2023" in result.stdout
    assert "delivery-2023-06-01" in result.stderr  # the known meetings are listed first


def test_bad_format_is_a_usage_error(programme: Path) -> None:
    result = run_tws(
        "minutes", "render", "delivery-2023-03-01", "-f", "pdf", "--root", str(programme)
    )
    assert result.exit_code == 2


def test_help_has_an_example() -> None:
    result = run_tws("minutes", "render", "--help")
    assert result.exit_code == 0
    assert "tws minutes render pdg-2022-08-25 --format html -o" in result.stdout


def test_installed_command_renders_and_loads_jinja_lazily() -> None:
    done = run_tws_process(
        "minutes", "render", "eag-2022-09-21", "-f", "html", "--root", str(REPO), "--as-of", AS_OF
    )
    assert done.returncode == 0, done.stderr
    check_page(done.stdout)
    code = (
        "import sys, trauma_ws.cli; "
        "print(sorted(m for m in sys.modules "
        "if m == 'jinja2' or m.startswith('trauma_ws.publishing.render')))"
    )
    probe = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert probe.stdout.strip() == "[]"
