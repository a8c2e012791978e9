"""Maintainer check: every claim's ``phrase_nl`` occurs word for word in the chapter's text.

Usage::

    python tools/check_phrases.py [CHAPTER_TEXT] [--claims data/claims.csv]

``CHAPTER_TEXT`` defaults to ``../shared/source/chapter7-asiel-en-migratie.txt``
relative to the repository (where CI keeps the chapter beside the clone).  When
that file is absent the check prints a notice and exits 0: the package and its
tests never read it.  Exit status 1 lists every claim whose phrase is missing.

How text and phrases are compared (both sides alike):

* whitespace runs (line breaks included) become one space;
* letters are compared case-insensitively (the extracted text lowercases some
  sentence starts, e.g. "iets minder dan de helft");
* curly quotes and apostrophes become straight ones;
* a hyphen at the end of a line is tried both ways: kept ("opleidings- en
  inkomensgroepen", a Dutch elision) and joined ("maat- / schappelijke" ->
  "maatschappelijke", a hyphenation break);
* ``...`` (or ``…``) in a phrase marks an elision: each part must occur, in
  order, after the previous part.

An empty ``phrase_nl`` is not checked.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_TEXT = REPO.parent / "shared" / "source" / "chapter7-asiel-en-migratie.txt"
DEFAULT_CLAIMS = REPO / "data" / "claims.csv"

#: Characters read as another before comparing: curly quotes -> straight.
TRANSLATE = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})

#: A hyphen at a line end (possibly after spaces), with the line break after it.
LINE_END_HYPHEN = re.compile(r"[ \t]*-[ \t]*\n\s*")

#: The elision mark in a phrase.
ELISION = re.compile(r"\s*(?:\.\.\.|\u2026)\s*")


def normalise(text: str) -> str:
    """Case-folded, straight quotes, whitespace runs as one space, stripped."""
    return re.sub(r"\s+", " ", text.translate(TRANSLATE)).strip().casefold()


def text_variants(raw: str) -> tuple[str, str]:
    """The chapter with line-end hyphens kept (as '- ') and joined (hyphen removed)."""
    kept = normalise(LINE_END_HYPHEN.sub("- ", raw))
    joined = normalise(LINE_END_HYPHEN.sub("", raw))
    return kept, joined


def occurs(phrase: str, text: str) -> bool:
    """Whether every elided part of ``phrase`` occurs in ``text``, in order."""
    start = 0
    for part in ELISION.split(phrase.strip()):
        part = normalise(part)
        if not part:
            continue
        at = text.find(part, start)
        if at < 0:
            return False
        start = at + len(part)
    return True


def misses(claims: Path, chapter: Path) -> list[tuple[str, str]]:
    """(claim_id, phrase_nl) of every claim whose phrase is not in the chapter."""
    variants = text_variants(chapter.read_text(encoding="utf-8"))
    out = []
    with claims.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            phrase = row.get("phrase_nl", "") or ""
            if phrase.strip() and not any(occurs(phrase, t) for t in variants):
                out.append((row["claim_id"], phrase))
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the check; return the exit status (0 all found or text absent, 1 misses)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("chapter", nargs="?", type=Path, default=DEFAULT_TEXT)
    parser.add_argument("--claims", type=Path, default=DEFAULT_CLAIMS)
    args = parser.parse_args(argv)
    if not args.chapter.is_file():
        print(f"check_phrases: {args.chapter} not found; phrase check skipped")
        return 0
    found = misses(args.claims, args.chapter)
    for claim_id, phrase in found:
        print(f"{claim_id}: phrase_nl not in the chapter: {phrase!r}")
    if found:
        print(f"check_phrases: {len(found)} phrase(s) not found in {args.chapter}")
        return 1
    print(f"check_phrases: every phrase_nl of {args.claims.name} occurs in {args.chapter.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
