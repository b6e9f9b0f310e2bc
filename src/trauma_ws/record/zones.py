"""The programme's time zone: an IANA name, checked, with did-you-mean; no clock is read here."""

from __future__ import annotations

import difflib
import functools
import re
import zoneinfo

DEFAULT = "Europe/London"
"""The time zone of a programme whose workplan names none."""

# Every IANA name's parts start with a capital (Europe/London, Etc/GMT+5, UTC): requiring it
# refuses `europe/london`, which loads on a case-insensitive file system only, and files in the
# zone folder that are not zones (localtime, posixrules) on some machines.
PATTERN = r"^[A-Z][A-Za-z0-9_+-]*(/[A-Z][A-Za-z0-9_+-]*)*$"
_NAME = re.compile(PATTERN)


class ZoneError(ValueError):
    """The text is not the name of a time zone known to this machine's time zone data."""


@functools.cache
def _known() -> frozenset[str]:
    return frozenset(n for n in zoneinfo.available_timezones() if _NAME.match(n))


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The time zone named ``name`` (an IANA name such as ``Europe/London``).

    Raises :class:`ZoneError`, saying the nearest known name, when there is no such zone.
    """
    if _NAME.match(name):
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
    known = _known()
    if not known:
        raise ZoneError(
            f"`{name}` cannot be looked up: this machine has no time zone data "
            "(install the `tzdata` package: pip install tzdata)"
        )
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    if not close:
        lowered = {k.lower(): k for k in known}
        close = [lowered[name.lower()]] if name.lower() in lowered else []
    hint = f" (did you mean `{close[0]}`?)" if close else ""
    raise ZoneError(
        f"`{name}` is not a time zone{hint}: give an IANA name such as `{DEFAULT}` or `UTC`"
    )
