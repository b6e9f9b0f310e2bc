"""The Jinja sandbox that programme templates run in, with bounds on what they may build.

Jinja's own sandbox stops templates reaching Python's internals and changing data; a template
override could still make text grow without limit (``"%999999999s" % x``, ``x.center(10**9)``,
``x ~ x`` doubled in a loop, ``lipsum(10**6)``) and take the machine's memory. Here every way a
template makes text or a list larger is checked *before* the value is built:

- padding and widths (``center``, ``ljust``, ``rjust``, ``zfill``, ``expandtabs``, format specs
  of ``str.format``, ``format_map``, ``%`` and the ``format``, ``center`` and ``indent``
  filters) may be at most ``MAX_WIDTH`` characters;
- any single string or list a template builds (``*``, ``+``, ``~``, ``join``, ``replace``,
  ``indent``, ``wordwrap``) may be at most ``MAX_TEXT`` items long;
- everything built in one rendering adds up to at most ``MAX_BUILT`` characters, and the
  rendered output to at most ``MAX_OUTPUT``;
- one rendering may run for at most ``MAX_SECONDS`` (checked at calls and operators, and as
  output is made).

A template that goes past a bound stops with :class:`jinja2.exceptions.SecurityError`, which
:func:`trauma_ws.publishing.render.render` turns into a located, one-line error.
"""

from __future__ import annotations

import itertools
import operator
import re
import string
import time
import types
from collections.abc import Iterable
from typing import Any

import jinja2
from jinja2 import exceptions as jexc
from jinja2 import filters as jfilters
from jinja2.compiler import CodeGenerator, Frame
from jinja2.nodes import Concat
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment

MAX_REPEAT = 1_000_000
"""The longest string or list a template may build with ``*``."""
MAX_POWER_BITS = 10_000
"""The largest whole number (in bits) a template may raise to a power."""
MAX_WIDTH = 10_000
"""The widest padding (characters) a format, ``center``, ``ljust``… or ``indent`` may ask for."""
MAX_TEXT = 10_000_000
"""The longest single string (characters) or list (items) a template may build."""
MAX_BUILT = 100_000_000
"""All the characters one rendering may build, added up (its output included)."""
MAX_OUTPUT = 64_000_000
"""The longest output (characters) one rendering may give."""
MAX_SECONDS = 30.0
"""The longest one rendering may run (wall-clock seconds)."""

_PADDING_METHODS = frozenset(("center", "ljust", "rjust", "zfill", "expandtabs"))
_FORMATS = frozenset(("format", "format_map"))
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d+))?")
_NUMBERS = re.compile(r"\d+")
_METHODS = (types.MethodType, types.BuiltinMethodType)


def _refuse(what: str) -> None:
    raise jexc.SecurityError(what)


def _check_width(width: Any) -> None:
    if isinstance(width, int) and width > MAX_WIDTH:
        _refuse(f"a width of {width} is too wide for a template (at most {MAX_WIDTH})")


def _check_format_string(fmt: str) -> None:
    """Refuse ``str.format`` specs with widths or precisions over ``MAX_WIDTH``."""
    try:
        fields = list(string.Formatter().parse(fmt))
    except ValueError:
        return  # Python itself refuses it when called
    for _, _, spec, _ in fields:
        if not spec:
            continue
        if "{" in spec:
            _refuse("a format width given by another field is not allowed in a template")
        for number in _NUMBERS.findall(spec):
            _check_width(int(number))


def _check_percent(fmt: str) -> None:
    """Refuse ``%``-format widths and precisions over ``MAX_WIDTH`` (or given by ``*``)."""
    for match in _PERCENT_SPEC.finditer(fmt):
        for part in match.groups():
            if part == "*":
                _refuse("a `*` width in a % format is not allowed in a template")
            if part:
                _check_width(int(part))


def _size(value: Any) -> int:
    return len(value) if isinstance(value, str | list | tuple) else 0


class BoundedSandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with every way of growing text or lists bounded.

    ``budget`` counts the characters built in the current rendering; ``start`` and
    ``deadline`` are set by :meth:`begin`, which every rendering calls first.
    """

    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.built = 0
        self.ops = 0
        self.safe: dict[tuple[type, str], bool] = {}
        """Jinja's answer to "may a template read this attribute?", by the object's type."""
        self.deadline = time.monotonic() + MAX_SECONDS
        self.code_generator_class = _BoundedCodeGenerator
        self.globals.pop("lipsum", None)
        self.filters.update(
            center=self._center,
            format=self._format,
            indent=self._indent,
            join=self._join,
            replace=self._replace,
            wordwrap=self._wordwrap,
        )

    # --- accounting ------------------------------------------------------------------------

    def begin(self) -> None:
        """Start a rendering: a fresh budget and deadline."""
        self.built = 0
        self.deadline = time.monotonic() + MAX_SECONDS

    def _clock(self) -> None:
        if time.monotonic() > self.deadline:
            _refuse(f"the template ran for more than {MAX_SECONDS:.0f} seconds")

    def _tick(self) -> None:
        # Reading the clock at every attribute costs a site build about a tenth of its time:
        # look every 1,024 operations (well under a millisecond of template work).
        self.ops += 1
        if not self.ops & 1023:
            self._clock()

    def _spend(self, size: int) -> None:
        if size > MAX_TEXT:
            _refuse(f"the text or list would be too long for a template ({size:,} items)")
        self.built += size
        if self.built > MAX_BUILT:
            _refuse(f"the template built more than {MAX_BUILT:,} characters")
        self._tick()

    def stream(self, chunks: Iterable[str]) -> str:
        """Join a template's output, within ``MAX_OUTPUT`` and the deadline."""
        out: list[str] = []
        total = 0
        source = iter(chunks)
        # In batches, so that counting costs little beside the rendering itself.
        while batch := list(itertools.islice(source, 512)):
            total += sum(map(len, batch))
            if total > MAX_OUTPUT:
                _refuse(f"the output would be longer than {MAX_OUTPUT:,} characters")
            out.extend(batch)
            self._clock()
        return "".join(out)

    # --- operators, attributes and calls ---------------------------------------------------

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        """Jinja's own answer, worked out once per type of object and attribute name.

        The immutable sandbox decides by the attribute's name and the object's type alone
        (an underscore, a function's or a generator's internals, a method that changes a
        list, dict or set), never by the value; asking it again for each of millions of
        reads cost a large site build over a third of its time.
        """
        key = (type(obj), attr)
        safe = self.safe.get(key)
        if safe is None:
            safe = self.safe[key] = super().is_safe_attribute(obj, attr, value)
        return safe

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``obj.attribute`` in a template: Jinja's rules, with a fast way for attributes
        already found safe on this type whose value is not a method (which Jinja may wrap:
        ``str.format``)."""
        if self.safe.get((type(obj), attribute)):
            try:
                value = getattr(obj, attribute)
            except AttributeError:
                pass
            else:
                if not isinstance(value, _METHODS):
                    return value
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        self._tick()
        if operator_ == "**":
            if isinstance(left, int) and isinstance(right, int):
                if right > 0 and max(left.bit_length(), 1) * right > MAX_POWER_BITS:
                    _refuse("the power is too large for a template")
            elif isinstance(right, int | float) and abs(right) > MAX_POWER_BITS:
                _refuse("the power is too large for a template")
            return left**right
        if operator_ == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, str | list | tuple) and isinstance(n, int):
                    if len(seq) * n > MAX_REPEAT:
                        _refuse("the repeated text would be too long for a template")
                    self._spend(len(seq) * max(n, 0))
            return operator.mul(left, right)
        if operator_ == "+":
            if isinstance(left, str | list | tuple) and isinstance(right, str | list | tuple):
                self._spend(len(left) + len(right))
            return operator.add(left, right)
        # "%": string formatting (or a number's remainder)
        if isinstance(left, str):
            _check_percent(left)
            result = operator.mod(left, right)
            self._spend(len(result))
            return result
        return operator.mod(left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        __self._tick()
        inner: Any = getattr(__obj, "__wrapped__", __obj)  # str.format, as the sandbox wraps it
        fmt = getattr(inner, "__self__", None)
        if isinstance(fmt, str) and getattr(inner, "__name__", "") in _FORMATS:
            _check_format_string(fmt)
        owner = getattr(__obj, "__self__", None)
        name = getattr(__obj, "__name__", "")
        if isinstance(owner, str | list | tuple):
            if name in _PADDING_METHODS:
                width = args[0] if args else kwargs.get("tabsize", kwargs.get("width", 0))
                if name == "expandtabs" and isinstance(width, int) and isinstance(owner, str):
                    _check_width(width)
                    __self._spend(len(owner) + owner.count("\t") * max(width, 0))
                else:
                    _check_width(width)
            elif name == "join" and isinstance(owner, str) and args:
                items = list(args[0])
                __self._spend(sum(map(_size, items)) + len(owner) * len(items))
                args = (items, *args[1:])
            elif name == "replace" and isinstance(owner, str) and len(args) >= 2:
                __self._spend(_replaced_size(owner, args[0], args[1]))
        result = super().call(__context, __obj, *args, **kwargs)
        if isinstance(result, str | list | tuple) and len(result) > MAX_TEXT:
            _refuse(f"the text or list would be too long for a template ({len(result):,} items)")
        return result

    # --- filters that can grow text ---------------------------------------------------------

    def _center(self, value: Any, width: int = 80) -> str:
        _check_width(width)
        return jfilters.do_center(value, width)

    def _format(self, value: Any, *args: Any, **kwargs: Any) -> str:
        _check_percent(str(value))
        result = jfilters.do_format(value, *args, **kwargs)
        self._spend(len(result))
        return result

    @jinja2.pass_eval_context
    def _indent(self, eval_ctx: Any, value: Any, width: int | str = 4, *args: Any) -> str:
        _check_width(width if isinstance(width, int) else len(width))
        text = str(value)
        pad = width if isinstance(width, int) else len(width)
        self._spend(len(text) + (text.count("\n") + 1) * max(pad, 0))
        return jfilters.do_indent(value, width, *args)

    @jinja2.pass_eval_context
    def _join(self, eval_ctx: Any, value: Any, d: str = "", attribute: Any = None) -> str:
        items = list(value)
        self._spend(sum(map(_size, items)) + len(d) * len(items))
        return jfilters.sync_do_join(eval_ctx, items, d, attribute)

    @jinja2.pass_eval_context
    def _replace(
        self, eval_ctx: Any, value: Any, old: str, new: str, count: int | None = None
    ) -> str:
        self._spend(_replaced_size(str(value), old, new))
        return jfilters.do_replace(eval_ctx, value, old, new, count)

    def _wordwrap(self, value: Any, width: int = 79, *args: Any, **kwargs: Any) -> str:
        text = str(value)
        self._spend(len(text) * 2)
        return jfilters.do_wordwrap(self, text, width, *args, **kwargs)

    def concat_bounded(self, parts: tuple[Any, ...], markup: bool) -> str:
        """The ``~`` operator, refusing a result over ``MAX_TEXT``."""
        self._spend(sum(len(p) if isinstance(p, str) else 16 for p in parts))
        return markup_join(parts) if markup else str_join(parts)


def _replaced_size(text: str, old: Any, new: Any) -> int:
    if not isinstance(old, str) or not isinstance(new, str):
        return len(text)
    count = text.count(old) if old else len(text) + 1
    return len(text) + count * max(len(new) - len(old), 0)


class _BoundedCodeGenerator(CodeGenerator):
    """Compiles ``a ~ b`` to a bounded join (Jinja's own is an unchecked ``"".join``)."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            markup = "context.eval_ctx.volatile"
        else:
            markup = "True" if frame.eval_ctx.autoescape else "False"
        self.write("environment.concat_bounded((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write(f"), {markup})")


def render_bounded(template: jinja2.Template, context: Any) -> str:
    """Render ``template`` within the bounds (SecurityError past one)."""
    env = template.environment
    if isinstance(env, BoundedSandbox):
        env.begin()
        # As Template.render does, without generate()'s extra generator around every piece.
        try:
            return env.stream(template.root_render_func(template.new_context(context)))
        except Exception:
            env.handle_exception()  # re-raises, with the template's own lines in the traceback
    return template.render(context)  # pragma: no cover - every tws environment is bounded
