# SPDX-License-Identifier: MIT
"""Fuzzing and differential testing of the engine (docs/fuzzing.md)."""
