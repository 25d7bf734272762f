"""The built wheel carries cli.py, the bundled definitions and the migrations, and works outside a checkout."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .paths import ROOT


@pytest.mark.slow
def test_wheel_works_outside_the_checkout(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0:  # no hatchling in this environment: build with isolation (downloads it)
        build = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
            capture_output=True,
            text=True,
            check=False,
        )
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("workflow-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "cli.py" in names
    bundled = {"assignment.yaml", "evenementenadvies.yaml", "evenementenadvies.v3.yaml"}
    assert {f"workflow/_bundled/{name}" for name in bundled} <= names
    assert "workflow/store/migrations/versions/0001_initial.py" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    env.pop("WF_DEFINITIONS", None)
    listed = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "definitions", "list"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert str(target / "workflow" / "_bundled" / "assignment.yaml") in listed.stdout
    demo = subprocess.run(
        [sys.executable, "-c", "import cli; cli.main()", "demo", "--db", f"sqlite:///{elsewhere / 'demo.db'}"],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=False,
    )
    assert demo.returncode == 0, demo.stderr
    assert "Evalueren en afsluiten -> Afgesloten en geëvalueerd" in demo.stdout
