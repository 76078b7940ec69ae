// SPDX-License-Identifier: MIT
// Duktape (Debian's duktape source package, the distributed src/duktape.c
// unchanged: the whole ECMAScript E5.1 engine with its ES2015+ pieces):
// runs a JavaScript workload of size N: a prototype class hierarchy, closures,
// array sort with a comparator and the array methods, string building and
// split/replace with regular expressions, JSON round trip, a typed array
// sieve, float math and a recursive Fibonacci. The workload throws nothing
// (the wasm build has no longjmp: bench/programs/wasi_compat/setjmp.h).
//   duktape_bench N
#include "duktape.h"
#include "prog_common.h"

static const char *const script =
    "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
    "function Shape(name) { this.name = name; }\n"
    "Shape.prototype.area = function () { return 0; };\n"
    "Shape.prototype.describe = function () { return this.name + ':' + this.area().toFixed(3); };\n"
    "function Circle(r) { Shape.call(this, 'circle'); this.r = r; }\n"
    "Circle.prototype = Object.create(Shape.prototype);\n"
    "Circle.prototype.area = function () { return Math.PI * this.r * this.r; };\n"
    "function Rect(w, h) { Shape.call(this, 'rect'); this.w = w; this.h = h; }\n"
    "Rect.prototype = Object.create(Shape.prototype);\n"
    "Rect.prototype.area = function () { return this.w * this.h; };\n"
    "function run(n) {\n"
    "  var h = 0, i, k;\n"
    "  var shapes = [];\n"
    "  for (i = 0; i < n; i++) shapes.push(i % 3 ? new Rect(i % 17, (i * 7) % 13) : new Circle((i % 11) / 3));\n"
    "  shapes.sort(function (a, b) { return a.area() - b.area() || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0); });\n"
    "  var desc = shapes.filter(function (s, j) { return j % 37 === 0; }).map(function (s) { return s.describe(); });\n"
    "  var total = shapes.reduce(function (acc, s) { return acc + s.area(); }, 0);\n"
    "  var text = [];\n"
    "  for (i = 0; i < n; i++) text.push(['wasm', 'Board', 'heap', 'STACK', 'flash'][i % 5] + (i * 31 % 97));\n"
    "  var joined = text.join(' ');\n"
    "  var upper = joined.replace(/([a-z]+)(\\d+)/g, function (m, w, d) { return w.toUpperCase() + '#' + d; });\n"
    "  var words = {};\n"
    "  joined.split(/\\s+/).forEach(function (w) { var key = w.replace(/\\d+$/, ''); words[key] = (words[key] || 0) + 1; });\n"
    "  var keys = Object.keys(words).sort();\n"
    "  var js = JSON.stringify({ keys: keys, words: words, desc: desc, n: n, nested: [1, [2, [3, { a: null }]]] });\n"
    "  var back = JSON.parse(js);\n"
    "  var sieve = new Uint8Array(n * 8 + 2), primes = 0;\n"
    "  for (i = 2; i < sieve.length; i++) { if (!sieve[i]) { primes++; for (k = i * i; k < sieve.length; k += i) sieve[k] = 1; } }\n"
    "  var s = 0.0;\n"
    "  for (i = 1; i <= n; i++) s += Math.sin(i) * Math.sqrt(i) / (1 + Math.pow(i % 7, 1.5));\n"
    "  var mk = function (b) { return function (x) { return x * b + 1; }; };\n"
    "  var acc = 0;\n"
    "  for (k = 0; k < n; k++) acc = (acc + mk(k % 10)(k)) % 65521;\n"
    "  for (i = 0; i < upper.length; i += 13) h = (h * 31 + upper.charCodeAt(i)) % 1000000007;\n"
    "  return [h, keys.join(','), back.desc.length, desc[desc.length - 1], total.toFixed(4), primes, s.toFixed(9),\n"
    "          acc, fib(16 + n % 3), js.length, (1 / 3).toString(), (123456789.125e-3).toExponential(5)].join(' ');\n"
    "}\n";

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2000);
    duk_context *ctx = duk_create_heap_default();
    if (ctx == NULL) {
        printf("out of memory\n");
        return 1;
    }
    if (duk_peval_string(ctx, script) != 0) {
        printf("error: %s\n", duk_safe_to_string(ctx, -1));
        return 1;
    }
    duk_pop(ctx);
    uint32_t h = PROG_FNV_INIT;
    for (int round = 0; round < 3; round++) {
        duk_get_global_string(ctx, "run");
        duk_push_number(ctx, (double)(n + round));
        if (duk_pcall(ctx, 1) != 0) {
            printf("error: %s\n", duk_safe_to_string(ctx, -1));
            return 1;
        }
        const char *res = duk_safe_to_string(ctx, -1);
        printf("run(%ld): %s\n", n + round, res);
        h = prog_fnv(h, res, strlen(res));
        duk_pop(ctx);
    }
    duk_destroy_heap(ctx);
    printf("duktape %ld\n", (long)DUK_VERSION);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
