# SPDX-License-Identifier: MIT
# Frozen into the host port: the `board` module.
module("board.py")
