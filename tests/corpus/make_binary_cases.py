"""Write the corpus cases whose record files are bytes a text editor would mangle.

Run ``python tests/corpus/make_binary_cases.py`` to (re)write them;
tests/loading/test_corpus.py checks that the committed files are exactly what this script
makes. Each case's ``expected.txt``, ``exit`` (and ``xfail.txt``) are kept by hand beside the
bytes.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent
BASE = CORPUS.parent / "fixtures" / "base"

DEL_003 = "data/actions/del-003.yaml"
TITLE = "title: Recruit practice leads\n"


def _del_003() -> str:
    return (BASE / DEL_003).read_text(encoding="utf-8")


def cases() -> dict[str, dict[str, bytes]]:
    """Case folder name -> {path under the programme root: the file's bytes}."""
    text = _del_003()
    assert TITLE in text, "the base fixture's del-003 title changed"
    latin1 = text.replace(TITLE, "title: Recruit practice leads for the café network\n")
    nul = text.replace(TITLE, "title: Recruit\x00 practice leads\n")
    mixed = text.replace(TITLE, "title: Recruit practice leads \u2013 the café network\n")
    return {
        # é saved as Latin-1 (one byte 0xE9), as an old Windows editor would.
        "bad-utf8": {DEL_003: latin1.encode("latin-1")},
        # Notepad's "Unicode": UTF-16 little-endian with a byte-order mark.
        "utf16-bom": {DEL_003: text.encode("utf-16")},
        # A UTF-8 file with one Latin-1 byte pasted in after a multi-byte character (an en
        # dash): the column must count characters, not bytes.
        "bad-utf8-mixed": {
            DEL_003: mixed.encode("utf-8").replace("é".encode(), "é".encode("latin-1"))
        },
        # UTF-16 without a byte-order mark: every other byte is NUL.
        "utf16-no-bom": {DEL_003: text.encode("utf-16-le")},
        # A NUL byte inside a value (a paste from a binary file or a broken editor).
        "control-character": {DEL_003: nul.encode("utf-8")},
        # UTF-8 with a byte-order mark is fine: the mark is dropped.
        "utf8-bom": {DEL_003: b"\xef\xbb\xbf" + text.encode("utf-8")},
    }


def main() -> None:
    for case, files in cases().items():
        for rel, data in files.items():
            target = CORPUS / case / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            print(target.relative_to(CORPUS))


if __name__ == "__main__":
    main()
