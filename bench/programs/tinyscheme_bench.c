// SPDX-License-Identifier: MIT
// TinyScheme (Debian's tinyscheme source package, scheme.c unchanged, built
// as a library: STANDALONE=0, with Debian's USE_MATH and without dynamic
// loading): loads the package's own init.scm (embedded by bench/programs.py's
// generation step as init_scm.h), then runs the Scheme program below with
// n = N: a tree-walking interpreter's mix of closures, deep recursion,
// call/cc, list work, strings, association lists and floats (no vector-ref,
// string-ref or their setters: this snapshot's versions reject every exact
// index, scheme.c's OP_VECREF tests `if (is_integer(x))` the wrong way round). The
// program itself prints its results and the checksum. TinyScheme's integers
// are C longs (32 bits on wasm32, 64 on x86-64), so every value stays below
// 2^31 and the outputs can match; and it uses `remainder`, not `modulo`, whose
// sign test (num_mod: res * e2 < 0) overflows a 32-bit long for divisors
// above 46340.
//   tinyscheme_bench N
#include "scheme-private.h"
#include "init_scm.h"
#include "prog_common.h"

static const char program[] =
    "(define h 5381)\n"
    "(define (mix! x) (set! h (remainder (+ (* h 33) x) 16777213)))\n"
    "(define (show name v) (display name) (display \" \") (write v) (newline)\n"
    "  (if (number? v) (mix! (remainder (inexact->exact (floor v)) 1000003))\n"
    "      (mix! (cond ((string? v) (string-length v)) ((pair? v) (length v)) (v 1) (else 0)))))\n"
    // integers, deep non-tail recursion
    "(define (fib k) (if (< k 2) k (+ (fib (- k 1)) (fib (- k 2)))))\n"
    "(show 'fib (fib (+ 8 (quotient n 4))))\n"
    // n-queens with lists
    "(define (queens board-size)\n"
    "  (define (ok? row dist placed)\n"
    "    (or (null? placed)\n"
    "        (and (not (= (car placed) (+ row dist))) (not (= (car placed) (- row dist)))\n"
    "             (not (= (car placed) row)) (ok? row (+ dist 1) (cdr placed)))))\n"
    "  (let try ((k 0) (placed '()))\n"
    "    (if (= k board-size) 1\n"
    "        (let loop ((row 0) (count 0))\n"
    "          (if (= row board-size) count\n"
    "              (loop (+ row 1) (if (ok? row 1 placed) (+ count (try (+ k 1) (cons row placed))) count)))))))\n"
    "(show 'queens (queens (if (> n 30) 7 (if (> n 5) 6 5))))\n"
    // merge sort of a pseudo-random list
    "(define seed 12345)\n"
    "(define (rand!) (set! seed (remainder (+ (* seed 1103) 12345) 65536)) seed)\n"
    "(define (merge a b) (cond ((null? a) b) ((null? b) a)\n"
    "  ((< (car a) (car b)) (cons (car a) (merge (cdr a) b))) (else (cons (car b) (merge a (cdr b))))))\n"
    "(define (split l) (if (or (null? l) (null? (cdr l))) (cons l '())\n"
    "  (let ((r (split (cddr l)))) (cons (cons (car l) (car r)) (cons (cadr l) (cdr r))))))\n"
    "(define (msort l) (if (or (null? l) (null? (cdr l))) l\n"
    "  (let ((p (split l))) (merge (msort (car p)) (msort (cdr p))))))\n"
    "(define (make-list-n k) (let loop ((i 0) (acc '())) (if (= i k) acc (loop (+ i 1) (cons (rand!) acc)))))\n"
    "(define sorted (msort (make-list-n (* n 10))))\n"
    "(show 'sorted-head (list-tail sorted (- (length sorted) 3)))\n"
    "(show 'sorted-sum (apply + (map (lambda (x) (remainder x 97)) sorted)))\n"
    // integer loops: primes by trial division, Collatz chain lengths
    "(define (prime? k) (and (> k 1) (let loop ((d 2)) (cond ((> (* d d) k) #t) ((= 0 (remainder k d)) #f)\n"
    "  (else (loop (+ d 1)))))))\n"
    "(show 'primes (let loop ((k 0) (c 0)) (if (= k (* n 50)) c (loop (+ k 1) (if (prime? k) (+ c 1) c)))))\n"
    "(define (collatz k) (do ((k k (if (even? k) (quotient k 2) (+ (* 3 k) 1))) (s 0 (+ s 1))) ((= k 1) s)))\n"
    "(show 'collatz (let loop ((k 1) (best 0)) (if (> k (* n 10)) best (loop (+ k 1) (max best (collatz k))))))\n"
    // strings, symbols and association lists
    "(define (word i) (string-append \"w\" (number->string (remainder (* i 7919) 101))))\n"
    "(define (count-words k)\n"
    "  (let loop ((i 0) (table '()))\n"
    "    (if (= i k) table\n"
    "        (let* ((s (string->symbol (word i))) (e (assq s table)))\n"
    "          (if e (begin (set-cdr! e (+ (cdr e) 1)) (loop (+ i 1) table))\n"
    "              (loop (+ i 1) (cons (cons s 1) table)))))))\n"
    "(define words (count-words (* n 8)))\n"
    "(show 'distinct (length words))\n"
    "(show 'w0 (cdr (assq 'w0 words)))\n"
    "(show 'joined (let loop ((i 0) (s \"\")) (if (= i 12) s (loop (+ i 1) (string-append s (word i) \",\")))))\n"
    // call/cc: early exit from a search
    "(define (find-first pred l) (call-with-current-continuation (lambda (k)\n"
    "  (for-each (lambda (x) (if (pred x) (k x))) l) #f)))\n"
    "(show 'first-big (find-first (lambda (x) (> x 30000)) sorted))\n"
    // floats: a series and Newton's square roots
    "(define (leibniz k) (let loop ((i 0) (acc 0.0)) (if (= i k) (* 4.0 acc)\n"
    "  (loop (+ i 1) (+ acc (/ (if (even? i) 1.0 -1.0) (+ (* 2.0 i) 1.0)))))))\n"
    "(show 'pi (leibniz (* n 40)))\n"
    "(define (newton x) (let loop ((g 1.0) (i 0)) (if (= i 30) g (loop (/ (+ g (/ x g)) 2.0) (+ i 1)))))\n"
    "(show 'roots (let loop ((i 1) (acc 0.0)) (if (> i n) acc (loop (+ i 1) (+ acc (newton (* i 1.0)))))))\n"
    // higher-order: closures over closures
    "(define (compose . fs) (if (null? fs) (lambda (x) x) (lambda (x) ((car fs) ((apply compose (cdr fs)) x)))))\n"
    "(define inc3 (compose (lambda (x) (+ x 1)) (lambda (x) (+ x 1)) (lambda (x) (+ x 1))))\n"
    "(show 'composed (let loop ((i 0) (acc 0)) (if (= i (* n 20)) acc (loop (+ i 1) (remainder (inc3 acc) 1000)))))\n"
    "(display \"checksum=0x\") (display (number->string h 16)) (newline)\n";

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 100);
    scheme *sc = scheme_init_new();
    if (sc == NULL) {
        printf("scheme_init failed\n");
        return 1;
    }
    scheme_set_output_port_file(sc, stdout);
    scheme_load_string(sc, init_scm);
    char def[48];
    snprintf(def, sizeof(def), "(define n %ld)", n);
    scheme_load_string(sc, def);
    printf("tinyscheme n=%ld\n", n);
    scheme_load_string(sc, program);
    int rc = sc->retcode;
    scheme_deinit(sc);
    free(sc);
    return rc;
}
