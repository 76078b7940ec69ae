# SPDX-License-Identifier: MIT
"""Helpers the tests share (on sys.path through pyproject's pytest `pythonpath`):
build (test programs of tests/programs/ -> wasm), host (run a snippet on the
host port); the case lists that run unchanged on the host and the boards are
the package cases (tests/cases/)."""
