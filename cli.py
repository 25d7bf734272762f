"""The ``wf`` command line: the entry point (``wf = "cli:main"``, or ``python cli.py``).

The commands live in the private package ``workflow._cli``, which uses
``workflow``'s public names only; nothing imports this module.  Heavy imports
(pydantic, jsonschema, SQLAlchemy) are deferred to the commands that need
them, so ``wf --help`` starts fast.

Exit codes: 0 done; 1 refused by the workflow (guard, role, tenant, conflict);
2 bad usage or bad input (or a database that cannot be used); 130 interrupted
(Ctrl-C).  Each library error carries its own ``exit_code``.  A user error
never prints a traceback, except with ``--log-level debug``.
"""

from __future__ import annotations

import os
import sys

if __name__ == "__main__":  # `python cli.py ...` from a checkout
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from workflow._cli.app import main

__all__ = ["main"]

if __name__ == "__main__":
    main()
