;; SPDX-License-Identifier: MIT
;; A lazily lowered program growing its memory one page at a time: run(n)
;; grows n times, after each grow calling twelve functions that each store
;; into the new page and mix a word of it; returns a checksum, or -1 if a
;; grow failed. Lowered on their first calls (after the memory's block), the
;; functions' code sits where the memory would grow in place
;; (docs/benchmarks-history.md "Memory moves (session 9)").
(module
  (memory (export "memory") 1)
  (func $f0 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 3 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 1)) (i32.const 2654435761))
                             (i32.mul (local.get $i) (i32.const 3))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 0)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 3))))
    (local.get $s))
  (func $f1 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 4 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 2)) (i32.const 2668903638))
                             (i32.mul (local.get $i) (i32.const 5))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 4)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 4))))
    (local.get $s))
  (func $f2 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 5 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 3)) (i32.const 2624713599))
                             (i32.mul (local.get $i) (i32.const 7))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 8)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 5))))
    (local.get $s))
  (func $f3 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 6 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 4)) (i32.const 2640226692))
                             (i32.mul (local.get $i) (i32.const 9))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 12)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 6))))
    (local.get $s))
  (func $f4 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 7 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 5)) (i32.const 2595908653))
                             (i32.mul (local.get $i) (i32.const 11))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 16)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 7))))
    (local.get $s))
  (func $f5 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 8 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 6)) (i32.const 2609324722))
                             (i32.mul (local.get $i) (i32.const 13))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 20)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 8))))
    (local.get $s))
  (func $f6 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 9 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 7)) (i32.const 2565134811))
                             (i32.mul (local.get $i) (i32.const 15))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 24)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 9))))
    (local.get $s))
  (func $f7 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 10 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 8)) (i32.const 2579602528))
                             (i32.mul (local.get $i) (i32.const 17))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 28)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 10))))
    (local.get $s))
  (func $f8 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 11 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 9)) (i32.const 2536329865))
                             (i32.mul (local.get $i) (i32.const 19))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 32)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 11))))
    (local.get $s))
  (func $f9 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 12 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 10)) (i32.const 2483685678))
                             (i32.mul (local.get $i) (i32.const 21))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 36)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 12))))
    (local.get $s))
  (func $f10 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 13 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 11)) (i32.const 2505559991))
                             (i32.mul (local.get $i) (i32.const 23))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 40)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 13))))
    (local.get $s))
  (func $f11 (param $p i32) (result i32) (local $i i32) (local $s i32)
    ;; a word at page $p mixed 14 times
    (local.set $s (i32.load (i32.mul (local.get $p) (i32.const 65536))))
    (loop $l
      (local.set $s (i32.add (i32.xor (i32.rotl (local.get $s) (i32.const 12)) (i32.const 2461303516))
                             (i32.mul (local.get $i) (i32.const 25))))
      (i32.store (i32.add (i32.mul (local.get $p) (i32.const 65536)) (i32.const 44)) (local.get $s))
      (br_if $l (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (i32.const 14))))
    (local.get $s))
  (func (export "run") (param $n i32) (result i32) (local $p i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $p (memory.grow (i32.const 1)))
        (if (i32.lt_s (local.get $p) (i32.const 0)) (then (return (i32.const -1))))
        (local.set $s (i32.add (local.get $s) (call $f0 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f1 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f2 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f3 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f4 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f5 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f6 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f7 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f8 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f9 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f10 (local.get $p))))
        (local.set $s (i32.add (local.get $s) (call $f11 (local.get $p))))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
)
