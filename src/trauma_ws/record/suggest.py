"""Did-you-mean among many ids: difflib's own answer, found with fewer comparisons, remembered.

A bad merge can leave thousands of references to ids that do not exist, often the same few
ids again and again, each to be compared with every id of its kind. :class:`Index` gives,
for every word, exactly what ``difflib.get_close_matches(word, choices, n=1, cutoff=0.6)``
gives, but works out each distinct word once, and compares it only with the choices that
could still beat the best match found so far: difflib's length bound (``real_quick_ratio``)
and character-bag bound (``quick_ratio``) are upper bounds of its ``ratio``, so a choice
whose bound is below the best ratio found cannot win.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

CUTOFF = 0.6
"""How close a choice must be to be suggested (difflib's default, and what tws has used)."""


def _length_bound(la: int, lb: int) -> float:
    """``SequenceMatcher.real_quick_ratio`` for sequences of these lengths."""
    total = la + lb
    return 2.0 * min(la, lb) / total if total else 1.0


class Index:
    """Choices grouped by length, and each word's closest choice once worked out."""

    __slots__ = ("_by_length", "_found")

    def __init__(self, choices: Iterable[str]) -> None:
        by_length: dict[int, list[str]] = {}
        for choice in dict.fromkeys(choices):  # a choice listed twice is one candidate
            by_length.setdefault(len(choice), []).append(choice)
        self._by_length = list(by_length.items())
        self._found: dict[str, str | None] = {}

    def closest(self, word: str) -> str | None:
        """The choice ``difflib.get_close_matches(word, choices, n=1)`` gives, or None."""
        try:
            return self._found[word]
        except KeyError:
            found = self._found[word] = self._search(word)
            return found

    def _search(self, word: str) -> str | None:
        # get_close_matches keeps every choice whose ratio is at least the cutoff, then takes
        # the largest (ratio, choice) pair: the best ratio, ties going to the larger text.
        # Its three tests are in the same order here, each also against the best so far.
        size = len(word)
        groups = sorted(
            ((_length_bound(length, size), group) for length, group in self._by_length),
            key=lambda item: item[0],
            reverse=True,
        )
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(word)
        best_ratio = CUTOFF
        best: str | None = None
        for bound, group in groups:
            if bound < best_ratio:
                break  # the groups after this one are bounded lower still
            for choice in group:
                matcher.set_seq1(choice)
                if matcher.quick_ratio() < best_ratio:
                    continue
                ratio = matcher.ratio()
                if ratio > best_ratio or (ratio == best_ratio and (best is None or choice > best)):
                    best_ratio, best = ratio, choice
        return best


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean `x`?)`` for the closest choice, or an empty string."""
    return hint(Index(choices).closest(word))


def hint(close: str | None) -> str:
    """The did-you-mean text for a choice found by :meth:`Index.closest` (or none)."""
    return f" (did you mean `{close}`?)" if close is not None else ""
