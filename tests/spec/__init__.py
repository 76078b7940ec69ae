# SPDX-License-Identifier: MIT
"""WebAssembly spec-suite runner for mpwasm's `wasm` module (see README.md)."""
