// SPDX-License-Identifier: MIT
// The parse tree's root goes with its chunks.
//
// MicroPython 1.23's mp_parse_tree_clear frees the tree's chunks and clears
// tree->chunk, but leaves tree->root pointing into the freed chunk. The tree
// lives in pyexec's parse_compile_execute frame for as long as the code it
// compiled runs, so the conservative collector follows that stale root to
// whatever is allocated at its address later and keeps it alive: on
// mps3_an547 the soak test (tests/hil/test_soak_board.py) ended a round with
// one 64-byte garbage object held by it (found with gdb on a RAM dump:
// parse_compile_execute's sp+0, parse_tree.root). The link wraps the function
// (-Wl,--wrap=mp_parse_tree_clear) rather than patching MicroPython's source.

#include "py/parse.h"

void __real_mp_parse_tree_clear(mp_parse_tree_t *tree);

void __wrap_mp_parse_tree_clear(mp_parse_tree_t *tree);
void __wrap_mp_parse_tree_clear(mp_parse_tree_t *tree) {
    __real_mp_parse_tree_clear(tree);
    tree->root = MP_PARSE_NODE_NULL;
}
