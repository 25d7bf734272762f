"""The HTML report in a real headless Chromium (the system's package, driven by Selenium and its chromedriver).

It must open with no console errors and no network request besides the file
itself, show every chart non-empty, and leave a screenshot behind as a test
artefact (``$WF_TEST_ARTEFACTS``, default ``test-artefacts/``).  Skipped only
when the system has no chromium or chromedriver (``.ci/run`` installs both).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from workflow import ReportRequest, parse_period, report_html

from .paths import ROOT
from .report_support import build_log, open_report_engine

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None or DRIVER is None,
        reason="no system chromium/chromedriver; install them: apt-get install -y chromium chromium-driver",
    ),
]

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--window-size=1280,2000",
)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=str(DRIVER)))
    try:
        yield driver
    finally:
        driver.quit()


def _requests(driver: webdriver.Chrome) -> list[str]:
    """Every URL requested since the last call, the browser's own pages (``chrome://``) left out."""
    urls = []
    for entry in driver.get_log("performance"):  # type: ignore[no-untyped-call]
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return [url for url in urls if not url.startswith(("chrome://", "chrome-untrusted://"))]


def test_the_html_report_opens_offline_without_errors_and_shows_every_chart(
    browser: webdriver.Chrome, tmp_path: Path
) -> None:
    with open_report_engine(f"sqlite:///{tmp_path / 'report.db'}") as engine:
        build_log(engine)
        found = engine.report(ReportRequest(parse_period("2026Q2"), workflow="opdracht"))
    page = tmp_path / "rapport.html"
    page.write_text(report_html(found), encoding="utf-8")

    _requests(browser)  # what the browser loaded for itself at start
    browser.get(page.as_uri())

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]  # type: ignore[no-untyped-call]
    assert errors == []
    assert set(_requests(browser)) == {page.as_uri()}, "the report fetched something besides itself"
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart svg")
    assert len(charts) == 6  # running, hours, deadlines, phases, satisfaction, refusals: each has rows
    for chart in charts:
        assert chart.is_displayed()
        assert chart.size["width"] > 100
        assert chart.size["height"] > 50
        assert len(chart.find_elements(By.CSS_SELECTOR, "path, rect, use")) > 5  # drawn, not an empty frame
        table = chart.find_element(By.XPATH, "ancestor::section//table")
        assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) >= 1  # the chart's numbers beside it
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    artefacts = Path(os.environ.get("WF_TEST_ARTEFACTS", ROOT / "test-artefacts"))
    artefacts.mkdir(parents=True, exist_ok=True)
    assert browser.get_screenshot_as_file(str(artefacts / "report.png"))
    assert (artefacts / "report.png").stat().st_size > 10_000
