"""taskc: a typed declarative language and compiler for Flyte 2 tasks.

The package only ships the `taskc` binary; `python -m taskc` runs it.
"""
