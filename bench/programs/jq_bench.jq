# SPDX-License-Identifier: MIT
# jq_bench.jq: the workload of bench/programs.py's "jq" program, run by Debian's
# jq 1.6 (its own main, unchanged) as `jq -n -r --argjson N n '<this text>'`:
# no input (-n), so it runs the same under WASI and natively. jq's bytecode
# interpreter with backtracking generators: records built with a linear
# congruential generator, sorted, grouped, reduced, turned into JSON text and
# parsed back, paths walked, strings split, joined, encoded (@base64, @csv,
# @html, @uri) and exploded; recursion, limit/until. Numbers print with jq's
# own dtoa. The last line is a checksum of everything printed before it.
def lcg: (. * 75 + 74) % 65537;  # exact in doubles
def words: ["the", "of", "memory", "module", "table", "stack", "wasm", "engine", "board", "heap", "flash", "timer"];
def hash: reduce explode[] as $c (7; (. * 31 + $c) % 2147483629);
def hex8: . as $n | [range(7; -1; -1) as $k | ($n / (reduce range($k) as $i (1; . * 16)) | floor) % 16] | map("0123456789abcdef"[.:. + 1]) | join("");
def fib: if . < 2 then . else (. - 1 | fib) + (. - 2 | fib) end;

[limit($N; 1 | recurse(lcg))] as $rs
| [$rs | to_entries[] | {id: .key, r: .value, w: words[.value % 12], v: ((.value % 100000) / 7 | floor), f: (.value % 1000 / 8)}] as $recs
| [
    "records \($recs | length), distinct words \([$recs[].w] | unique | length)",
    ($recs | group_by(.w) | map("\(.[0].w)=\(length)") | join(",")),
    "sum v \([$recs[].v] | add), max f \([$recs[].f] | max), mean f \([$recs[].f] | add / length)",
    ($recs | sort_by(.v, .id) | .[0:3] | map(.id) | tostring),
    ($recs | map(select(.w | startswith("m"))) | length | "m-words \(.)"),
    ($recs | tojson | fromjson | (. == $recs) | "json round trip \(if . then "ok" else "FAILED" end)"),
    ([$recs[] | .w | ascii_upcase | explode | map(. + 1) | implode] | join(" ") | length | "shifted text \(.) chars"),
    ({a: $recs[0:5], b: {c: [$recs[5:9][] | {(.w): .v}]}} | [paths] | length | "paths \(.)"),
    ($recs[0:4] | map([.id, .w, .f]) | .[] | @csv),
    ($recs[0:3] | map(.w) | join("/") | @base64, @uri, (@base64 | @base64d)),
    ("<" + ($recs[0].w) + " & \"x\">" | @html),
    ([range(0; $N; 7)] | map(. * .) | map(sqrt | floor) | add | "squares \(.)"),
    ([14 + ($N / 500 | floor), 20] | min | "\(.) | fib = \(fib)"),
    ([1 | until(. > 1e300; . * 3.7)] | .[0] | tostring | "until \(.)"),
    (reduce ($recs[] | .w) as $w ({}; .[$w] += 1) | to_entries | sort_by(-.value, .key) | .[0:3] | map("\(.key):\(.value)") | join(" ")),
    ($recs | map(.w) | join(" ") | split("e") | length | "split on e: \(.)"),
    ([$recs[] | .r | tostring | ltrimstr("1") | rtrimstr("5") | length] | add | "digits \(.)")
  ]
| (.[], "checksum=0x\(map(hash) | reduce .[] as $h (11; (. * 131 + $h) % 2147483629) | hex8)")
