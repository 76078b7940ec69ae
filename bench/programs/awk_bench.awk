# SPDX-License-Identifier: MIT
# awk_bench.awk: the workload of bench/programs.py's "awk" program, run by
# Debian's original-awk (the one true awk of Aho, Weinberger and Kernighan:
# its own main, unchanged) as `original-awk -v N=n '<this text>'`: a BEGIN-only
# program (no input files). Not mawk_bench.awk: this awk's rand() is the C
# library's random(), other bytes on glibc and on wasi-libc's musl, so the
# numbers come from an LCG of ours in doubles. It leans on what is this awk's
# own: regular expressions made into DFAs on the fly (b.c; dynamic regexps
# from strings, each cached), field splitting by a regexp FS, associative
# arrays, sprintf and string building, a recursive function (Fibonacci: awk
# calls recurse on the C stack, 64 KiB in the wasm build) and a user-level
# merge sort. Every line it prints is deterministic.
function rnd(m) { SEED = (SEED * 69069 + 1) % 4294967296; return int(SEED / 65536) % m }    # exact in doubles
function msort(a, lo, hi,    mid, i, j, k, t) {
    if (lo >= hi) return
    mid = int((lo + hi) / 2)
    msort(a, lo, mid); msort(a, mid + 1, hi)
    i = lo; j = mid + 1; k = 0
    while (i <= mid && j <= hi) t[++k] = (a[i] <= a[j]) ? a[i++] : a[j++]
    while (i <= mid) t[++k] = a[i++]
    while (j <= hi) t[++k] = a[j++]
    for (i = 1; i <= k; i++) a[lo + i - 1] = t[i]
}
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
function mix(s,    i) {    # a rolling hash of a string's characters, in doubles below 2^31
    for (i = 1; i <= length(s); i++) H = (H * 33 + index(ALPHA, substr(s, i, 1))) % 2147483629
}
BEGIN {
    ALPHA = " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:-_=+*/()[]{}<>!?#%&|^~@$\"'"
    H = 5; SEED = 42
    if (N == "") N = 100
    nw = split("alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau", W, " ")
    # records of N lines, fields joined by one of three separators
    split(": ;|; - ", SEPS, ";")
    for (i = 1; i <= N; i++) {
        line = ""
        k = 4 + rnd(8)
        for (j = 1; j <= k; j++) {
            w = rnd(5) == 0 ? sprintf("%d.%02d", rnd(10000), rnd(100)) : W[1 + rnd(nw)]
            line = line (j > 1 ? SEPS[1 + rnd(3)] : "") w
        }
        rec[i] = line
    }
    # fields by a regexp FS: count words and sum the numbers
    FS = " *[:|-] *"
    words = 0; total = 0
    for (i = 1; i <= N; i++) {
        $0 = rec[i]
        words += NF
        for (j = 1; j <= NF; j++) {
            if ($j ~ /^[0-9]+\.[0-9]+$/) total += $j
            else freq[$j]++
        }
    }
    distinct = 0; for (w in freq) distinct++
    printf("records %d, fields %d, distinct words %d, numbers sum %.2f\n", N, words, distinct, total)
    # dynamic regexps: patterns built from strings, each one a DFA of its own
    np = 0
    for (a = 1; a <= nw; a += 3) {
        pat[++np] = "^" substr(W[a], 1, 2) ".*" substr(W[a], length(W[a]))
        pat[++np] = "(" W[a] "|" W[a % nw + 1] ")[^a-z]+[0-9]"
        pat[++np] = "[" substr(W[a], 1, 3) "]+a"
    }
    hits = 0; where = 0
    for (i = 1; i <= N; i++) {
        for (p = 1; p <= np; p++) {
            if (match(rec[i], pat[p])) { hits++; where += RSTART * 3 + RLENGTH }
        }
    }
    printf("%d patterns, %d matches, positions %d\n", np, hits, where)
    # rewriting: gsub and sub with & in the replacement, then split by a regexp
    changed = 0
    for (i = 1; i <= N; i++) {
        s = rec[i]
        changed += gsub(/[0-9]+\.[0-9]+/, "<&>", s)
        changed += gsub(/(eta|ta|pi)\>?/, "[&]", s)
        changed += sub(/^[a-z]+/, "\\&-&", s)
        n = split(s, parts, /[ :|]+/)
        out = ""
        for (j = n; j >= 1; j--) out = out toupper(substr(parts[j], 1, 1)) substr(parts[j], 2) (j > 1 ? "/" : "")
        mix(out)
        if (i == 1) first = out
    }
    printf("substitutions %d, first %s\n", changed, first)
    # numbers: a merge sort of N*3 values, then formatted
    m = N * 3
    for (i = 1; i <= m; i++) v[i] = (rnd(30000) - 15000) / 7
    msort(v, 1, m)
    ok = 1
    for (i = 2; i <= m; i++) if (v[i - 1] > v[i]) ok = 0
    sum = 0; for (i = 1; i <= m; i++) sum += v[i]
    printf("sorted %d %s, min %.4f, max %.4f, mean %.6f\n", m, ok ? "ok" : "FAILED", v[1], v[m], sum / m)
    for (i = 1; i <= m; i += int(m / 9) + 1) mix(sprintf("%.3f|%g|%d|%x|%o|%e", v[i], v[i] * 1e5, v[i], int(v[i] + 20000), int(v[i] + 20000), v[i]))
    k = 14 + int(N / 200); if (k > 20) k = 20    # exponential: capped
    printf("fib(%d) = %d\n", k, fib(k))
    # an index of words by length and first letter, keys joined by SUBSEP
    for (w in freq) { byk[length(w), substr(w, 1, 1)] += freq[w] }
    keys = 0; weight = 0
    for (key in byk) { split(key, kk, SUBSEP); keys++; weight += kk[1] * byk[key] }
    printf("%d keys, weight %d\n", keys, weight)
    printf("checksum=0x%08x\n", H)
}
