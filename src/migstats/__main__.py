"""``python -m migstats``: run the command line (see :mod:`migstats.cli.app`)."""

from migstats.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
