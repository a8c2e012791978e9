"""The examples shown by ``migstats --help`` (and ``migstats show --help``)."""

from __future__ import annotations

EPILOG = """\
examples:
  migstats tables                       list the chapter's tables
  migstats show 7.2                     table 7.2 as the report lays it out
  migstats show 7.7 --labels en         with English row labels
  migstats show 7.1 --format csv        table 7.1 as CSV (one row of 10)
  migstats show text --format markdown  numbers reported only in the text
  python -m migstats show 7.6           the same without the console script
  migstats audit                        every claim of chapter 7 with its verdict
  migstats ci 56 --n 2000               interval for a published percentage
  migstats compare 72 68 --n1 450 --n2 450
  migstats gradient 7.5 language_lessons --dimension income
  migstats check 7.2                    internal consistency of a table
  migstats plot gaps -o gaps.png        a figure (needs the plot extra)
  migstats init my_report               a template package for your own report
  migstats validate my_report           every problem of the package at once
  migstats audit --report my_report     audit your report (or pew-inequality-2020)

Numbers are the published (weighted, rounded) percentages; "~" marks numbers
the text gives as approximate ("rond de", "ongeveer").
"""
