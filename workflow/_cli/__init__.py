"""The ``wf`` command line, private to the package.

The top-level ``cli.py`` is the entry point (``wf = "cli:main"``); the commands
live here, one module per command group, on ``workflow``'s public names only.
Nothing else in ``workflow`` imports this package.

- ``app``: the root group, its global options, interrupts and error mapping
- ``settings``: global options and environment variables, shared by every command
- ``logs``: the structlog set-up (the application's, never the library's)
- ``failures``: error messages and exit codes, from each error's ``code``/``exit_code``
- ``safe``: user-supplied text made safe for a terminal
- ``output``: JSON lines, text lines and tables
- ``render``: one renderer per domain object (case, event, blocker, explanation, timer)
- ``render_definition``: a definition, as JSON and as text
- ``params``: parameter types (moments, JSON objects)
- ``helping``: help and click's words in the language of the invocation (commands, options, placeholders)
- ``help_nl``, ``help_en``: the help texts (plain data, by command path)
- ``usage_errors``: click's usage errors translated by type, shown the ``wf`` way
- ``definitions``, ``case``, ``case_view``, ``audit``, ``timers``, ``db``, ``demo``: the commands
"""
