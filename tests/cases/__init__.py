# SPDX-License-Identifier: MIT
"""The case lists that run unchanged on the host port and on every board (on
sys.path through pyproject's pytest `pythonpath`): each `*_cases.py` holds
snippets and what they print, which a tests/host file runs with support.host
and its tests/hil twin over the board's raw REPL."""
