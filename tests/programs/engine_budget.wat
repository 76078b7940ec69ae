;; SPDX-License-Identifier: MIT
;; engine_budget.wat: a lazy module under a code budget (lazy.c,
;; tests/engine/test_engine.c test_lazy_budget): "outer" calls the host,
;; which calls "work" back on the same runtime; work lowers $f1, $f2, $f3
;; (the same size each), so the budget must drop code while outer waits in
;; the host call and work runs. outer then runs more of its own code.
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func $f1 (export "f1") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $f2 (export "f2") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func $f3 (export "f3") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 41)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x3333)))
  (func (export "work") (param i32) (result i32)
    (i32.add (call $f1 (local.get 0))
      (i32.add (call $f2 (local.get 0)) (call $f3 (local.get 0)))))
  (func (export "outer") (param i32) (result i32) (local i32)
    (local.set 1 (call $cb (local.get 0)))
    ;; after the host call: outer's own code again, and $f1 lowered again
    (i32.add (i32.mul (local.get 1) (i32.const 3)) (call $f1 (i32.add (local.get 0) (i32.const 1))))))
