// SPDX-License-Identifier: MIT
// MuJS (Debian's mujs source package, one.c unchanged: the whole interpreter):
// runs a JavaScript workload with size N: objects and closures, string
// building, array sort, a regular expression, JSON round trip, floating point.
//   mujs_bench N
#include "mujs.h"
#include "prog_common.h"

static const char *const script =
    "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }\n"
    "function run(n) {\n"
    "  var h = 0, i, k;\n"
    "  var pts = [];\n"
    "  for (i = 0; i < n; i++) pts.push({ x: (i * 7919) % 1000, y: (i * 104729) % 997, name: 'p' + i });\n"
    "  pts.sort(function (a, b) { return a.x - b.x || a.y - b.y; });\n"
    "  for (i = 0; i < pts.length; i += 97) h = (h * 31 + pts[i].x + pts[i].y) % 1000000007;\n"
    "  var words = {};\n"
    "  var text = '';\n"
    "  for (i = 0; i < n; i++) text += ['wasm', 'board', 'heap', 'stack', 'flash'][i % 5] + (i % 13) + ' ';\n"
    "  var m = text.match(/[a-z]+1[0-2]/g);\n"
    "  for (i = 0; i < m.length; i++) words[m[i]] = (words[m[i]] || 0) + 1;\n"
    "  var keys = Object.keys(words).sort();\n"
    "  var js = JSON.stringify({ keys: keys, words: words, n: n });\n"
    "  var back = JSON.parse(js);\n"
    "  var s = 0.0;\n"
    "  for (i = 1; i <= n; i++) s += Math.sqrt(i) / (1 + i % 7);\n"
    "  var mk = function (b) { return function (x) { return x * b + 1; }; };\n"
    "  var acc = 0;\n"
    "  for (k = 0; k < n; k++) acc = (acc + mk(k % 10)(k)) % 65521;\n"
    "  return [h, keys.length, back.keys.join(',').length, s.toFixed(6), acc, fib(18 + n % 3), js.length].join(' ');\n"
    "}\n";

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 20000);
    js_State *J = js_newstate(NULL, NULL, JS_STRICT);
    if (J == NULL) {
        printf("out of memory\n");
        return 1;
    }
    if (js_dostring(J, script)) {
        return 1;
    }
    uint32_t h = PROG_FNV_INIT;
    for (int round = 0; round < 3; round++) {
        js_getglobal(J, "run");
        js_pushnull(J);
        js_pushnumber(J, (double)(n + round));
        if (js_pcall(J, 1)) {
            printf("error: %s\n", js_trystring(J, -1, "?"));
            return 1;
        }
        const char *res = js_tostring(J, -1);
        printf("run(%ld): %s\n", n + round, res);
        h = prog_fnv(h, res, strlen(res));
        js_pop(J, 1);
    }
    js_freestate(J);
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
