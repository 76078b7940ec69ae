// SPDX-License-Identifier: MIT
// Solo, the Sudoku of Simon Tatham's Portable Puzzle Collection (Debian's
// sgt-puzzles source package: solo.c and the collection's common files
// unchanged, with the collection's null front end, nullfe.c, as its
// standalone solvers are linked, but built as the game, not the solver).
// Making a puzzle is a search: fill a grid by recursive backtracking, then
// take clues away while the solver still proves a unique solution at the
// wanted difficulty, the solver itself a ladder of deductions (blocks, rows,
// intersections, sets, forcing chains) with a recursive guess at the top.
// This driver acts as the front end does: for each kind (plain 3x3 at every
// difficulty, 2x3, X-type, jigsaw, killer, a symmetry) it asks the game for
// new puzzles from a fixed random seed, checks each description, starts a
// game from it, asks for its solution, applies it and checks the game is
// completed; descriptions and solved grids are printed in part and hashed.
//   solo_bench N      (N puzzles of each kind)
#include "prog_common.h"

#include "puzzles.h"

static uint32_t h = PROG_FNV_INIT;

static void puzzles_of(const char *kind, int count, int round) {
    game_params *params = thegame.default_params();
    thegame.decode_params(params, kind);
    const char *bad = thegame.validate_params(params, true);
    prog_check("the kind's parameters", bad == NULL);
    for (int k = 0; k < count; k++) {
        char seed[32];
        int len = snprintf(seed, sizeof(seed), "%s/%d/%d", kind, round, k);
        random_state *rs = random_new(seed, len);
        char *aux = NULL;
        char *desc = thegame.new_desc(params, rs, &aux, false);
        random_free(rs);
        prog_check("the description is valid", thegame.validate_desc(params, desc) == NULL);
        game_state *state = thegame.new_game(NULL, params, desc);
        const char *err = NULL;
        char *move = thegame.solve(state, state, NULL, &err); // NULL aux: the solver itself
        prog_check("solved", move != NULL && err == NULL);
        if (move == NULL) {
            printf("  %s: %s\n", desc, err ? err : "no solution");
            thegame.free_game(state);
            sfree(desc);
            sfree(aux);
            continue;
        }
        game_state *done = thegame.execute_move(state, move);
        prog_check("the solution completes the game", done != NULL && thegame.status(done) == +1);
        if (k == 0) {
            size_t n = strlen(desc);
            printf("  %-8s %.40s%s (%zu chars)\n", kind, desc, n > 40 ? "..." : "", n);
        }
        h = prog_fnv(h, desc, strlen(desc));
        h = prog_fnv(h, move, strlen(move)); // the solution, every cell
        if (thegame.can_format_as_text_now(params)) { // not killer puzzles
            char *text = thegame.text_format(done);
            if (k == 0) {
                printf("%.*s", (int)(strchr(text, '\n') - text + 1), text);
            }
            h = prog_fnv(h, text, strlen(text));
            sfree(text);
        }
        thegame.free_game(done);
        thegame.free_game(state);
        sfree(move);
        sfree(desc);
        sfree(aux);
    }
    thegame.free_params(params);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2);
    printf("solo (sgt-puzzles 20230122), %ld puzzles of each kind\n", n);
    static const char *const kinds[] = {
        "3x3dt", "3x3db", "3x3di", "3x3da", "3x3de", "3x3du", "2x3de", "3x3xdi", "3x3m4de", "9jdi", "3x3kdi", "3x4di",
    };
    for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        puzzles_of(kinds[i], (int)n, 1);
    }
    return prog_end(h);
}
