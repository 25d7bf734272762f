"""Where the bundled definitions live, and the definition format's JSON Schema."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["bundled_definitions_path", "format_schema"]


def bundled_definitions_path() -> Path:
    """The folder of definitions shipped with the package.

    An installed wheel carries them inside the package (``workflow/_bundled``);
    a source checkout has them in the top-level ``definitions/`` folder.
    """
    here = Path(__file__).resolve().parent
    inside = here / "_bundled"
    if inside.is_dir():
        return inside
    return here.parent / "definitions"


def format_schema() -> dict[str, Any]:
    """The JSON Schema of the definition file format (``definitions/schema.json``)."""
    from workflow._format import format_schema as build  # deferred: pydantic is heavy to import

    return build()
