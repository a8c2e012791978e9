"""The HTML audit page in a real browser: headless Chromium from the OS packages.

No Python dependency is added: Chromium is run as a command.  ``--dump-dom``
prints the page after its script has run, so the filter is given in the
address (``audit.html#verdict=supported``) and the dumped table is checked;
``--enable-logging=stderr`` prints every console message (``CONSOLE`` lines),
which must be none; ``--screenshot`` saves a PNG under the test's temporary
directory.  Skipped, with the reason, where no Chromium is installed
(``apt-get install chromium`` on Debian; ``.ci/run`` installs it where it can).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from migstats import audit_html

#: Where Debian's package puts the browser; any ``chromium`` on PATH also works.
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None and os.access("/usr/bin/chromium", os.X_OK):
    CHROMIUM = "/usr/bin/chromium"

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium installed (Debian: apt-get install chromium); browser test skipped",
)

#: Seconds one headless Chromium run may take on a loaded 2-core machine.
TIMEOUT = 120


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={profile}",
    ]
    try:
        return subprocess.run(
            [CHROMIUM, *flags, *args], capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"headless Chromium ({CHROMIUM}) did not finish within {TIMEOUT} s")


def _console(stderr: str) -> list[str]:
    """The page's console messages (Chromium logs them as ``...:CONSOLE...`` lines)."""
    return [line for line in stderr.splitlines() if re.search(r":CONSOLE[:(\]]", line)]


class Dom(HTMLParser):
    """The root element's attributes and the claim rows (attributes) of a dumped DOM."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.root: dict = {}
        self.rows: list[dict] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "html":
            self.root = dict(attrs)
        elif tag == "tr" and "data-claim-id" in dict(attrs):
            self.rows.append(dict(attrs))


@pytest.fixture(scope="module")
def frame(chapter_result) -> pd.DataFrame:
    return chapter_result


@pytest.fixture(scope="module")
def page_file(frame, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("html") / "audit.html"
    figures = ("breakeven",) if _has_matplotlib() else None
    path.write_text(audit_html(frame, figures=figures), encoding="utf-8")
    return path


def _has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def _dump(
    page_file: Path, fragment: str, tmp_path: Path
) -> tuple[Dom, subprocess.CompletedProcess]:
    done = _chromium(["--dump-dom", f"{page_file.as_uri()}#{fragment}"], tmp_path / "profile")
    assert done.returncode == 0, done.stderr[-2000:]
    return Dom(done.stdout), done


class TestInBrowser:
    @pytest.mark.parametrize("verdict", ["supported", "depends on n", "not supported"])
    def test_filter_by_verdict_shows_exactly_its_rows(self, page_file, frame, tmp_path, verdict):
        dom, done = _dump(page_file, "verdict=" + verdict.replace(" ", "%20"), tmp_path)
        assert dom.root.get("data-ready") == "1", "the page's script did not finish"
        assert "data-script-errors" not in dom.root, dom.root["data-script-errors"]
        assert _console(done.stderr) == []
        shown = [r for r in dom.rows if "hidden" not in r]
        assert len(dom.rows) == len(frame)
        assert {r["data-verdict"] for r in shown} == {verdict}
        expected = frame.loc[frame["verdict"] == verdict, "claim_id"].tolist()
        assert sorted(r["data-claim-id"] for r in shown) == sorted(expected)

    def test_every_verdict_but_supported_and_sort(self, page_file, frame, tmp_path):
        dom, done = _dump(page_file, "verdict=all-but-supported&sort=pvalue_adjusted", tmp_path)
        assert dom.root.get("data-ready") == "1" and _console(done.stderr) == []
        shown = [r for r in dom.rows if "hidden" not in r]
        assert len(shown) == int((frame["verdict"] != "supported").sum())
        # sorted ascending by adjusted p, claims without a p-value last
        p = [float(r["data-pvalue-adjusted"] or "nan") for r in shown]
        finite = [x for x in p if x == x]
        assert p[: len(finite)] == sorted(finite)

    def test_no_filter_shows_every_row_and_screenshot(self, page_file, frame, tmp_path):
        dom, done = _dump(page_file, "", tmp_path)
        assert dom.root.get("data-shown") == str(len(frame))
        assert _console(done.stderr) == []
        shot = tmp_path / "audit.png"
        done = _chromium(
            ["--window-size=1400,1000", f"--screenshot={shot}", page_file.as_uri()],
            tmp_path / "profile",
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert shot.stat().st_size > 10_000
