"""The layering rule: which part of ``workflow`` may import which (a rule, not a snapshot of today's imports).

Each module belongs to one layer and imports only from layers below its own —
never sideways within its layer, never upwards; so no cycles.  On top:

- ``store`` (every module under ``workflow/store/``) imports no business module:
  only ``errors``, ``records`` and ``model`` (and itself);
- the decisions (``policy``, ``checks``, ``guards``, ``evaluation``) do no I/O:
  they import neither ``store`` nor SQLAlchemy;
- nothing imports the command line (``cli``, ``workflow._cli``).

A new module fails :func:`test_every_module_has_a_layer` until it is placed here.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import workflow

PACKAGE = Path(workflow.__file__).parent

LAYERS: list[set[str]] = [
    # the texts of the errors, of the checkpoint's signature errors and of YAML's syntax problems (data)
    {"_error_texts", "_definition_texts", "_audit_texts", "_yaml_texts", "_storage_texts"},
    {"_speech"},  # the current language and the errors' texts filled in
    {
        "errors",
        "_log",
        "_schema",
        "_format",
        "workdays",
        "paths",
        "guard_syntax",
        "textsafe",
    },  # no workflow imports but _speech (errors speak the current language); textsafe: terminal and CSV cells
    {"legal"},  # the Atw calendar and terms (pure); its Dutch day names serve i18n's Dutch dates
    # records: what the engine hands out at run time (actor, case, event, results, timers); report_spec: `report:`
    {"records", "report_spec"},
    {"model", "_yaml", "resources", "i18n"},  # i18n: messages and Dutch time
    {
        "guard_context",
        "chain",
        "machine",
        "store",
        "limits",
    },  # limits: bounds on requests; store: persistence, no business rules
    {"guard_ops", "guard_functions"},  # the guard language: operators and the one function registry
    {"guard_compiler"},  # a checked expression compiled into closures, kinds tracked; the scope of names
    {"guards", "case_terms"},  # guard expressions checked and compiled once; a case's legal terms (pure)
    # the load-time checks of legal terms, of appends and derived fields, of the report section;
    # step_data: a step's appends/derives; loader_texts: how the loader reports, pydantic's errors in its words
    {"loader_texts"},
    {"loader_terms", "loader_steps", "step_data", "loader_report"},
    # definitions: read, checked, evaluated, drawn; eventlog: other systems' logs read and mapped;
    # retired: stored versions the loader now refuses, kept readable
    {"loader_base"},  # the loader's reporting base: positions, shape problems
    {"loader_graph", "loader_inputs"},  # the loader's graph and deadline checks; its input, ownership and guard checks
    {"evaluation", "loader", "exports", "docgen", "eventlog", "retired"},
    {"defcache"},  # folders of definitions, compiled forms cached by checksum (the loader only on a miss)
    {"policy"},  # who may see / act on which case
    {"checks"},  # every check of a step, no I/O
    {"assessing"},  # a step's checks with what they read of the case (history, running deadline): no writes
    {
        "timers",
        "checkpoint",
        "registry",
        "outbox",
        "subscribers",
    },  # outbox: a step's message, written with it  # deadlines written with a step; definitions pinned per case
    {"timer_audit"},  # timers checked against the events: the timer code replayed into a scratch table
    {"review_checks"},  # the checks verify runs (chains, case rows, requests, definitions)
    {"review_checkpoint"},  # the log against a checkpoint (case heads, the log-wide digest)
    {"writepath", "review"},  # the one append of a step; the audit review
    # deadlines: the due-deadline runner (its steps go through the write path); relay: delivers the outbox;
    # joining: the host's transaction; history: a case's whole imported history in one transaction
    {"deadlines", "relay", "joining", "history"},
    {"reporting"},  # the monitoring report: SQL aggregates over the audit log, and its renderers
    {"case_reads"},  # the questions about one case (read, explain, history, deadlines): no SQLAlchemy
    # engine_reads: the engine's other questions (listing, due, reports), a mixin of the façade;
    # reader: the SQLite reader of `wf case show`, the same questions on sqlite3 without SQLAlchemy
    {"engine_reads", "reader"},
    {"engine"},  # the façade
    {"importlog", "timeline"},  # importing event logs through the engine; a case's timeline read through it
    {"__init__"},  # the public names (re-exported, the heavy ones loaded on first use)
    {"demo", "demo_year"},  # users of the engine: the demo story, and a seeded year for the report
    {"_cli"},  # the command line
]
LAYER = {name: index for index, layer in enumerate(LAYERS) for name in layer}
STORE_MAY_IMPORT = {"errors", "records", "model", "store"}
NO_IO = {
    "step_data",
    "policy",
    "checks",
    "case_terms",
    "guards",
    "evaluation",
    "guard_context",
    "guard_ops",
    "guard_functions",
    "guard_syntax",
}


def _component(path: Path) -> str:
    """``workflow/engine.py`` -> ``engine``; anything under ``workflow/store/`` -> ``store``."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imports(path: Path) -> set[str]:
    """The workflow components (and ``cli``, ``sqlalchemy``) a module imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            parts = node.module.split(".")
            if parts[0] == "workflow":
                # ``from workflow import Engine`` goes through the public façade (``__init__``)
                names = [alias.name if _is_module(alias.name) else "__init__" for alias in node.names]
                found.update([parts[1]] if len(parts) > 1 else names)
            elif parts[0] in ("cli", "sqlalchemy"):
                found.add(parts[0])
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "workflow" and len(parts) > 1:
                    found.add(parts[1])
                elif parts[0] in ("cli", "sqlalchemy"):
                    found.add(parts[0])
    return found


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir()


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if p.name != "__init__.py" or p.parent != PACKAGE)


def test_every_module_has_a_layer() -> None:
    assert {_component(p) for p in MODULES} <= set(LAYER)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    own = _component(path)
    used = _imports(path) - {"sqlalchemy", own}
    assert "cli" not in used, f"{path.name} imports the command line"
    if own == "store":
        assert used <= STORE_MAY_IMPORT, f"the store imports business modules {used - STORE_MAY_IMPORT}"
    upward = {name for name in used if LAYER.get(name, len(LAYERS)) >= LAYER[own]}
    assert not upward, f"workflow.{own} (layer {LAYER[own]}) imports {upward} from its own layer or above"


@pytest.mark.parametrize("module", sorted(NO_IO))
def test_decisions_do_no_io(module: str) -> None:
    used = _imports(PACKAGE / f"{module}.py")
    assert not used & {"store", "sqlalchemy"}, f"workflow.{module} does I/O"


def test_the_rule_catches_an_upward_import(tmp_path: Path) -> None:
    fake = tmp_path / "model.py"
    fake.write_text("from workflow.engine import Engine\nimport workflow.store.queries\n")
    assert _imports(fake) == {"engine", "store"}
    assert LAYER["engine"] > LAYER["model"]
