"""How a report is presented: title languages, table sources, figure tag, default response.

The descriptor keys read here are optional custom properties of a report
package (see docs/another-report.md, "A richer package"); the command line
and the figures read them from :class:`~migstats.Report` for every report
alike.  ``check_presentation`` lists every malformed one at once.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

__all__ = ["PRESENTATION_KEYS", "check_presentation"]

#: The presentation keys of a descriptor and what each must hold.
PRESENTATION_KEYS: Mapping[str, str] = {
    "titleLanguage": "a language code such as 'en' (the language of tableTitles)",
    "tableTitlesByLanguage": "an object mapping language -> table id -> title",
    "tableSources": "an object mapping table id -> source (a string)",
    "figureTag": "a string added to figure titles (empty: none)",
    "defaultResponse": "the response analysed when none is named (a string; default: each "
    "item's first published response)",
}


def _str_map(value: Any) -> bool:
    return isinstance(value, Mapping) and all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    )


def _unknown_tables(value: Mapping, table_ids: Collection[str]) -> list[str]:
    return [str(k) for k in value if k not in table_ids]


def check_presentation(
    metadata: Mapping[str, Any], table_ids: Collection[str]
) -> list[tuple[str, str]]:
    """Every problem of the presentation keys, as ``(key, message)`` pairs.

    Project convention: a key that is absent takes its default
    (``titleLanguage`` "en", no translations, the report's ``source`` for
    every table, the report's name as figure tag, each item's first
    published response).

    Examples
    --------
    >>> check_presentation({"tableSources": {"T1": "p. 3"}}, ["T1"])
    []
    >>> check_presentation({"tableSources": {"T9": "p. 3"}, "figureTag": 5}, ["T1"])[0][0]
    'tableSources'
    """
    problems: list[tuple[str, str]] = []
    lang = metadata.get("titleLanguage", "en")
    if not isinstance(lang, str) or not lang:
        problems.append(("titleLanguage", f"must be {PRESENTATION_KEYS['titleLanguage']}"))
    translations = metadata.get("tableTitlesByLanguage", {})
    if not isinstance(translations, Mapping) or not all(
        isinstance(k, str) and k and _str_map(v) for k, v in translations.items()
    ):
        what = PRESENTATION_KEYS["tableTitlesByLanguage"]
        problems.append(("tableTitlesByLanguage", f"must be {what}, but got {translations!r:.60}"))
    else:
        for k, v in translations.items():
            if bad := _unknown_tables(v, table_ids):
                problems.append((f"tableTitlesByLanguage.{k}", f"names unknown tables {bad}"))
    sources = metadata.get("tableSources", {})
    if not _str_map(sources):
        what = PRESENTATION_KEYS["tableSources"]
        problems.append(("tableSources", f"must be {what}, but got {sources!r:.60}"))
    elif bad := _unknown_tables(sources, table_ids):
        problems.append(("tableSources", f"names unknown tables {bad}"))
    response = metadata.get("defaultResponse", None)
    if response is not None and not (isinstance(response, str) and response):
        what = PRESENTATION_KEYS["defaultResponse"]
        problems.append(("defaultResponse", f"must be {what}, but got {response!r:.60}"))
    if not isinstance(metadata.get("figureTag", ""), str):
        tag = metadata["figureTag"]
        problems.append(("figureTag", f"must be {PRESENTATION_KEYS['figureTag']}, but got {tag!r}"))
    return problems
