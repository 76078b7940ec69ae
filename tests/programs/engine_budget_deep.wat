;; SPDX-License-Identifier: MIT
;; engine_budget_deep.wat: deep recursion through calls that lower and evict
;; under a code budget (lazy.c; tests/engine/test_engine.c
;; test_lazy_budget_deep). "run" ($a) and $b call each other down to 0, and
;; at each level first call a leaf ($a: $l1, $b: $l2) that is not lowered:
;; under a budget of one byte each leaf's lowering drops every function not
;; running (the other leaf), never $a or $b, which are on frames all the way
;; down. So a call of run n lowers $a and $b once and a leaf n times.
(module
  (func $l1 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 0 (i32.shr_u (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $l2 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 0 (i32.shr_u (local.get 0) (i32.const 1)))
      (br_if $l (local.get 0)))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func $a (export "run") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else
        (i32.add
          (call $l1 (local.get 0))
          (i32.mul (call $b (i32.sub (local.get 0) (i32.const 1))) (i32.const 3))))))
  (func $b (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 2))
      (else
        (i32.xor
          (call $l2 (local.get 0))
          (i32.add (call $a (i32.sub (local.get 0) (i32.const 1))) (i32.const 5)))))))
