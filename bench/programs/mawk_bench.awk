# SPDX-License-Identifier: MIT
# mawk_bench.awk: the workload of bench/programs.py's "mawk" program, run by
# Debian's mawk (its own main, unchanged) as `mawk -v N=n '<this text>'`: a
# BEGIN-only program (no input files), so it runs the same under WASI and
# natively. Strings (sprintf, split, gsub, sub, match, substr, index, case),
# associative arrays (word counts, a join), numeric loops in doubles, a
# recursive function, a user-level quicksort, printf of integers and floats.
# Every line it prints is deterministic (srand with a fixed seed).
function qsort(a, lo, hi,    i, last, t) {
    if (lo >= hi) return
    t = a[lo]; a[lo] = a[int((lo + hi) / 2)]; a[int((lo + hi) / 2)] = t
    last = lo
    for (i = lo + 1; i <= hi; i++)
        if (a[i] < a[lo]) { last++; t = a[last]; a[last] = a[i]; a[i] = t }
    t = a[lo]; a[lo] = a[last]; a[last] = t
    qsort(a, lo, last - 1)
    qsort(a, last + 1, hi)
}
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
function mix(s,    i) {    # a rolling hash of a string's characters, in doubles below 2^31
    for (i = 1; i <= length(s); i++) H = (H * 31 + index(ALPHA, substr(s, i, 1))) % 2147483629
}
BEGIN {
    ALPHA = " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:-_=+*/()[]{}<>!?#%&|^~@$\"'"
    H = 7
    if (N == "") N = 100
    srand(12345)
    split("the of and memory module instance table function value stack wasm engine board serial heap flash", W, " ")
    nw = 16
    # a text of N lines of words and numbers; count words, rewrite it with gsub
    for (i = 1; i <= N; i++) {
        line = ""
        k = 3 + int(rand() * 9)
        for (j = 1; j <= k; j++) {
            w = (rand() < 0.2) ? sprintf("%d", int(rand() * 100000)) : W[1 + int(rand() * nw)]
            line = line (j > 1 ? " " : "") w
            count[w]++
        }
        text[i] = line
    }
    words = 0; distinct = 0
    for (w in count) { distinct++; words += count[w] }
    printf("lines %d, words %d, distinct %d, \"wasm\" %d\n", N, words, distinct, count["wasm"])
    changed = 0
    for (i = 1; i <= N; i++) {
        s = text[i]
        changed += gsub(/[0-9]+/, "<&>", s)
        changed += gsub(/(memory|heap|flash)/, "STORE", s)
        sub(/^the /, "The ", s)
        if (match(s, /<[0-9]+>/)) s = substr(s, 1, RSTART - 1) toupper(substr(s, RSTART, RLENGTH)) substr(s, RSTART + RLENGTH)
        n = split(s, parts, / +/)
        out = ""
        for (j = n; j >= 1; j--) out = out parts[j] (j > 1 ? "," : "")
        text[i] = out
        mix(out)
    }
    printf("substitutions %d, first line %s\n", changed, text[1])
    # join on the word's first letter: keys built with SUBSEP
    for (w in count) { c = substr(w, 1, 1); bylet[c, count[w]] = w; letters[c]++ }
    joined = 0
    for (key in bylet) { split(key, kk, SUBSEP); joined += kk[2] * letters[kk[1]] }
    printf("joined %d over %d keys\n", joined, length(bylet))
    # numbers: a sorted array of N*4 floats, sums, formatted output
    m = N * 4
    for (i = 1; i <= m; i++) a[i] = rand() * 1000 - 500
    qsort(a, 1, m)
    ok = 1
    for (i = 2; i <= m; i++) if (a[i - 1] > a[i]) ok = 0
    sum = 0; sq = 0
    for (i = 1; i <= m; i++) { sum += a[i]; sq += a[i] * a[i] }
    printf("sorted %d %s, min %.4f, max %.4f, mean %.6f, rms %.6e\n", m, ok ? "ok" : "FAILED", a[1], a[m], sum / m, sqrt(sq / m))
    for (i = 1; i <= m; i += int(m / 7) + 1) mix(sprintf("%.3f|%g|%d|%x|%o", a[i], a[i] * 1e6, a[i], int(a[i] + 500), int(a[i] + 500)))
    k = 18 + int(N / 400); if (k > 22) k = 22    # exponential: capped
    printf("fib(%d) = %d\n", k, fib(k))
    s = ""
    for (i = 1; i <= N * 3; i++) s = s sprintf("%c", 65 + i % 26)
    printf("built %d chars, index(\"XYZ\") %d, tolower %s\n", length(s), index(s, "XYZ"), tolower(substr(s, 1, 12)))
    mix(s)
    printf("checksum=0x%08x\n", H)
}
