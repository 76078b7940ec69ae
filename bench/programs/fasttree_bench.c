// SPDX-License-Identifier: MIT
// FastTree 2.1.11 (Debian's fasttree source package, unchanged, built as Debian
// builds it: -DUSE_DOUBLE, one thread): approximately-maximum-likelihood
// phylogenetic trees from a multiple sequence alignment, the tree builder of
// large bioinformatics pipelines. It computes profile distances with log
// corrections, joins neighbours (a top-hits heuristic over NJ), improves the
// topology by minimum-evolution nearest-neighbour interchanges and subtree
// prune-and-regraft moves, then by maximum-likelihood NNIs under GTR with
// per-site rate categories (Felsenstein's pruning over 4x4 transition
// matrices, eigendecompositions, Newton steps on branch lengths), and finally
// computes local support values by resampling sites. fasttree.c's main is
// renamed fasttree_main by a define and run as `FastTree -nt -gtr -cat 4 -quiet
// -nopr -out tree.nwk aln.fa` would; the alignment file and the tree are this
// driver's memory streams (fopen is the driver's: WASI here has no files). The
// driver evolves the alignment itself: a random tree of N * 12 taxa, a root
// sequence of 100 bases, substitutions along each branch at a per-branch rate
// with a share of slow sites (fixed PRNG). The tree's Newick text is printed
// in part and hashed by an atexit handler (FastTree ends with exit()).
//   fasttree_bench N      (N * 12 taxa)
#include "prog_common.h"

#undef main // the define renames fasttree.c's main, not ours
#undef fopen
int fasttree_main(int argc, char **argv);

static prog_buf alignment;
static char *tree;
static size_t tree_len;
static prog_rng rng = { 0x6a09e667u };

FILE *fasttree_bench_fopen(const char *name, const char *mode);
FILE *fasttree_bench_fopen(const char *name, const char *mode) {
    if (strcmp(name, "aln.fa") == 0 && mode[0] == 'r') {
        return fmemopen(alignment.p, alignment.len, "r");
    }
    if (strcmp(name, "tree.nwk") == 0 && mode[0] == 'w') {
        return open_memstream(&tree, &tree_len);
    }
    return NULL; // no other file exists
}

#define SITES 100

// Evolves `seq` down a random subtree of `taxa` leaves, writing each leaf's sequence as FASTA.
static void evolve(const char *seq, int taxa, const unsigned char *slow, int *next_name) {
    if (taxa == 1) {
        prog_printf(&alignment, ">t%d\n", (*next_name)++);
        for (int i = 0; i < SITES; i += 80) {
            char line[81];
            int n = SITES - i < 80 ? SITES - i : 80;
            memcpy(line, seq + i, (size_t)n);
            line[n] = 0;
            prog_printf(&alignment, "%s\n", line);
        }
        return;
    }
    int left = 1 + (int)(prog_rand(&rng) % (unsigned)(taxa - 1));
    for (int side = 0; side < 2; side++) {
        char child[SITES];
        unsigned per_mille = 10 + prog_rand(&rng) % 90; // this branch's substitutions per 1000 sites
        for (int i = 0; i < SITES; i++) {
            unsigned rate = slow[i] ? per_mille / 8 : per_mille;
            child[i] = seq[i];
            if (prog_rand(&rng) % 1000 < rate) {
                // "ACGT": a transition (A<->G, C<->T) is index ^ 2, the transversions ^ 1 and ^ 3;
                // transitions as likely as both transversions together
                unsigned r = prog_rand(&rng) % 4, base = (unsigned)(strchr("ACGT", seq[i]) - "ACGT");
                child[i] = "ACGT"[base ^ (r < 2 ? 2u : r == 2 ? 1u : 3u)];
            }
        }
        evolve(child, side == 0 ? left : taxa - left, slow, next_name);
    }
}

static void report(void) {
    prog_check("a tree", tree != NULL && tree_len > 0 && tree[tree_len - 1] == '\n');
    uint32_t h = PROG_FNV_INIT;
    if (tree != NULL) {
        size_t commas = 0;
        for (size_t i = 0; i < tree_len; i++) {
            commas += tree[i] == ',';
        }
        printf("tree: %zu bytes, %zu leaves\n", tree_len, commas + 1);
        printf("tree begins: %.72s\n", tree);
        h = prog_fnv(h, tree, tree_len);
    }
    fflush(stdout);
    prog_end(h);
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    int taxa = (int)n * 12;
    char root[SITES];
    unsigned char slow[SITES];
    for (int i = 0; i < SITES; i++) {
        root[i] = "ACGT"[prog_rand(&rng) % 4];
        slow[i] = prog_rand(&rng) % 3 == 0;
    }
    int names = 0;
    evolve(root, taxa, slow, &names);
    printf("alignment: %d taxa x %d sites, %zu bytes\n", taxa, SITES, alignment.len);
    fflush(stdout);
    atexit(report); // fasttree_main ends in exit(0)
    // four rate categories, not twenty: the likelihoods' cost is per category (a smaller run, the same code)
    char *args[] = { "FastTree", "-nt", "-gtr", "-cat", "4", "-quiet", "-nopr", "-out", "tree.nwk", "aln.fa", NULL };
    return fasttree_main(10, args);
}
