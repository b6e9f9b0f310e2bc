"""The Jinja environment: a sandbox, HTML autoescape, programme templates over package defaults."""

from __future__ import annotations

import re
import traceback
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from jinja2 import exceptions as jexc
from markupsafe import Markup, escape

from trauma_ws.publishing.sandbox import BoundedSandbox, render_bounded
from trauma_ws.record.problems import TwsError, UsageError

if TYPE_CHECKING:
    from trauma_ws.publishing.minutes_view import MeetingView

TEMPLATES = "templates"
"""The programme's own template folder, under its root; its files override the defaults."""
PACKAGE_TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
FORMATS = {"md": "minutes.md.j2", "html": "minutes.html.j2"}
"""The gov.scot minutes, the default shape."""
STYLES = {"gov-scot": "minutes", "committee": "minutes_committee"}
"""A group's ``minutes.style`` and the name its minutes templates start with."""
DECISIONS = "minutes_decisions"
"""The note of decisions (``tws minutes decisions``)."""


class TemplateFailure(TwsError):
    """A template could not be loaded or run (exit 1): names the template and the line."""


# --- the Markdown filter -------------------------------------------------------------------------

# Backslash escapes are allowed before any ASCII punctuation in CommonMark, so escaping more than
# strictly needed is harmless. These are markup wherever they stand (emphasis, code, links,
# images, raw HTML and entities, tables, strikethrough, maths on GitHub). Round brackets are
# left as they are, so text reads as written ("Scottish Government (SG)"): they are markup only
# after a link's `]`, and `[` and `]` are always escaped; `1)` at a line's start is below.
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~!$&])")
# These are markup only at the start of a line: list bullets, thematic breaks, setext headings,
# ordered-list numbers (``1.`` or ``1)``).
_LEADING = re.compile(r"^([-+=])|^(\d+)([.)])")


def md(value: object) -> str:
    """``value`` as Markdown text that renders as itself: never markup, links or HTML.

    Whitespace runs (newlines included) become one space, so data cannot end a list item or
    start a block of its own. None (a field left out) is no text, never the word "None".
    """
    if value is None:
        return ""
    text = " ".join(str(value).split())
    text = _INLINE.sub(r"\\\1", text)
    return _LEADING.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\{m[3]}", text)


def md_url(value: object) -> str:
    """An http(s) address as a Markdown autolink ``<…>``; anything else as escaped text."""
    text = str(value).strip()
    if re.fullmatch(r"https?://[^\s<>\"'`\\]+", text):
        return f"<{text}>"
    return md(text)


# --- web addresses in HTML text -----------------------------------------------------------------

# An address starts at http:// or https:// and runs to whitespace or a character that cannot
# stand in one unescaped; any other scheme (javascript:, data:, file:) is never linked.
_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)
# Punctuation that ends a sentence is the sentence's, not the address's.
_TRAILING = ".,;:!?"
_OPENS = {")": "(", "]": "["}


def _split_trailing(address: str) -> tuple[str, str]:
    """``address`` without the punctuation that follows it in the sentence, and that
    punctuation: a closing bracket stays only when the address opened one."""
    end = len(address)
    while end and _ends_sentence(address[:end]):
        end -= 1
    return address[:end], address[end:]


def _ends_sentence(address: str) -> bool:
    """Whether the last character of ``address`` belongs to the sentence around it."""
    last = address[-1]
    if last in _OPENS:
        return address.count(_OPENS[last]) < address.count(last)
    return last in _TRAILING


def linkify(value: object) -> Markup:
    """Text for HTML, escaped, with each http(s) address in it a link to itself.

    Everything is escaped (the address inside ``href`` too); punctuation ending the sentence
    stays outside the link; an address with nothing after ``//`` is left as text. None is
    no text.
    """
    if value is None:
        return Markup("")
    text = str(value)
    if "://" not in text:
        return escape(text)  # no address: the common case, one escape (same output)
    out: list[str] = []
    at = 0
    for found in _ADDRESS.finditer(text):
        address, trailing = _split_trailing(found.group())
        if len(address) <= len(address.split("//", 1)[0]) + 2:
            continue  # `https://` alone, or followed only by punctuation
        out.append(str(escape(text[at : found.start()])))
        link = escape(address)
        out.append(f'<a href="{link}">{link}</a>')
        out.append(str(escape(trailing)))
        at = found.end()
    out.append(str(escape(text[at:])))
    return Markup("".join(out))


# --- the environment -----------------------------------------------------------------------------

_select = jinja2.select_autoescape(["html", "htm", "xml"], default_for_string=False, default=False)


def autoescape(name: str | None) -> bool:
    """Escape HTML by the name without ``.j2``: ``minutes.html.j2`` is HTML."""
    return _select(name.removesuffix(".j2") if name else name)


class _ProgrammeLoader(jinja2.FileSystemLoader):
    """The programme's ``templates/`` folder; refuses files that lead outside it (symlinks)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(str(folder))
        self.folder = folder.resolve()

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not Path(filename).resolve().is_relative_to(self.folder):
            raise TemplateFailure(
                f"{TEMPLATES}/{template}: not allowed: the file leads outside {TEMPLATES}/ "
                "(a symbolic link?); templates must be files in the folder"
            )
        return source, filename, uptodate


def environment(root: Path | None) -> BoundedSandbox:
    """The sandboxed environment: ``root/templates`` (when there is one) over the defaults.

    Raises TemplateFailure when ``root/templates`` is a link leading outside ``root``.
    """
    loaders: list[jinja2.BaseLoader] = []
    if root is not None and (root / TEMPLATES).is_dir():
        folder = root / TEMPLATES
        if not folder.resolve().is_relative_to(root.resolve()):
            raise TemplateFailure(
                f"{TEMPLATES}/: not allowed: the folder leads outside the programme (a symbolic "
                "link?); keep template overrides in a real folder inside the repository"
            )
        loaders.append(_ProgrammeLoader(folder))
    loaders.append(jinja2.FileSystemLoader(str(PACKAGE_TEMPLATES)))
    env = BoundedSandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["md_url"] = md_url
    env.filters["linkify"] = linkify
    return env


# --- rendering -----------------------------------------------------------------------------------


def _where(filename: str | None, line: int | None, root: Path | None) -> str:
    """Where a template went wrong: ``templates/x.j2:3`` or ``the default template x.j2:3``."""
    if not filename:
        return "a template"
    suffix = f":{line}" if line else ""
    path = Path(filename)
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix() + suffix
        except ValueError:
            pass
    return f"the default template {path.name}{suffix}"


def _failing_line(exc: BaseException) -> tuple[str | None, int | None]:
    """The template file and line an error was raised at (Jinja rewrites tracebacks to them)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2") or frame.filename == "<template>":
            return frame.filename, frame.lineno
    return None, None


def render(template: str, context: Mapping[str, Any], *, root: Path | None) -> str:
    """Render ``template`` with ``context`` (values only: data is never compiled).

    Raises UsageError for a missing template and TemplateFailure for one that is broken or
    tries something the sandbox forbids.
    """
    env = environment(root)
    loaded: jinja2.Template | None = None
    try:
        loaded = env.get_template(template)
        return render_bounded(loaded, context)
    except jexc.TemplateNotFound as exc:
        raise UsageError(
            f"no template `{exc.name}` in {TEMPLATES}/ or among the defaults"
        ) from None
    except jexc.TemplateSyntaxError as exc:
        where = _where(exc.filename, exc.lineno, root)
        raise TemplateFailure(f"{where}: template syntax error: {exc.message}") from None
    except jexc.SecurityError as exc:
        filename, line = _failing_line(exc)
        if filename is None and loaded is not None:
            filename = loaded.filename  # a bound on the whole output: no one line to name
        where = _where(filename, line, root)
        raise TemplateFailure(
            f"{where}: not allowed: the template tried something unsafe "
            f"({str(exc).rstrip('.')}); templates run in a sandbox and may only use the data "
            "given to them"
        ) from None
    except jexc.TemplateError as exc:
        raise TemplateFailure(
            f"{_where(*_failing_line(exc), root)}: template error: {exc}"
        ) from None
    except TwsError:
        raise
    except Exception as exc:
        # 1/0 or a bad filter argument in a template is the template's fault, not ours.
        filename, line = _failing_line(exc)
        if filename is None:
            raise
        where = _where(filename, line, root)
        raise TemplateFailure(f"{where}: template error: {type(exc).__name__}: {exc}") from None


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format `{fmt}`: use {' or '.join(FORMATS)}")


def minutes_template(style: str, fmt: str) -> str:
    """The template of minutes in ``style`` (a group's ``minutes.style``) and ``fmt``:
    ``minutes.md.j2`` for gov-scot, ``minutes_committee.html.j2`` for committee…"""
    _check_format(fmt)
    return f"{STYLES.get(style, STYLES['gov-scot'])}.{fmt}.j2"


def render_meeting(view: MeetingView, *, fmt: str, root: Path | None) -> str:
    """A meeting's minutes as ``md`` or ``html``, in the shape its group's rules choose."""
    return render(minutes_template(view.style, fmt), {"meeting": view}, root=root)


def render_decisions(view: MeetingView, *, fmt: str, root: Path | None) -> str:
    """A meeting's note of decisions as ``md`` or ``html``: members attending, apologies,
    declarations of interest and decisions with the outcome of any vote."""
    _check_format(fmt)
    return render(f"{DECISIONS}.{fmt}.j2", {"meeting": view}, root=root)
