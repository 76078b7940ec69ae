;; SPDX-License-Identifier: MIT
;; Locals that a call reads before writing read 0 however dirty the stacks it
;; runs on (tests/engine/test_engine.c test_alloc_zeroes): `deep` ORs three such
;; locals at each of n + 1 depths, then keeps -1 in them across its call (0
;; again once 1 is added), so `run`'s second descent finds the first's -1s in
;; the slots below the high-water mark and a fresh allocator's garbage above
;; it. Every result is 0.
(module
  (func $deep (param $n i32) (result i64) (local $a i64) (local $b i32) (local $c f64) (local $r i64)
    (local.set $r
      (i64.or (i64.or (local.get $a) (i64.extend_i32_u (local.get $b))) (i64.reinterpret_f64 (local.get $c))))
    (local.set $a (i64.const -1))
    (local.set $b (i32.const -1))
    (local.set $c (f64.const -1))
    (if (local.get $n)
      (then (local.set $r (i64.or (local.get $r) (call $deep (i32.sub (local.get $n) (i32.const 1)))))))
    (i64.or (local.get $r)
      (i64.or (i64.add (local.get $a) (i64.const 1))
        (i64.or (i64.extend_i32_u (i32.add (local.get $b) (i32.const 1)))
          (i64.reinterpret_f64 (f64.add (local.get $c) (f64.const 1)))))))
  (func (export "run") (param $n i32) (result i64)
    (i64.or (call $deep (local.get $n)) (call $deep (local.get $n))))
)
