;; SPDX-License-Identifier: MIT
;; engine_budget_loop.wat: a loop whose working set does not fit the code
;; budget (lazy.c, lazy_drop_newest; tests/engine/test_engine.c
;; test_lazy_budget_loop). "run" n times calls each of $f1..$f4 (the same
;; size each) twice in turn, so each is called again after it is lowered;
;; "f1" alone lowers one of them. Under a budget holding run and three of
;; them, dropping the oldest loses each function just before the loop comes
;; back to it (every call of run lowers all four again); dropping the newest
;; keeps $f1 and $f2 resident. The inner call's result is masked to 0..15
;; for the outer one's count (unmasked it looped ~4.7 M times: 30 s of CPU).
(module
  (func $f1 (export "f1") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $f2 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func $f3 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 41)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x3333)))
  (func $f4 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 43)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x4444)))
  (func (export "run") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (call $f1 (i32.and (call $f1 (i32.const 5)) (i32.const 15)))))
      (local.set 1 (i32.add (local.get 1) (call $f2 (i32.and (call $f2 (i32.const 6)) (i32.const 15)))))
      (local.set 1 (i32.add (local.get 1) (call $f3 (i32.and (call $f3 (i32.const 7)) (i32.const 15)))))
      (local.set 1 (i32.add (local.get 1) (call $f4 (i32.and (call $f4 (i32.const 8)) (i32.const 15)))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (local.get 1)))
