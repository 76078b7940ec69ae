;; SPDX-License-Identifier: MIT
;; engine_budget_hot.wat: a lazy module under a code budget (lazy.c, second
;; chance; tests/engine/test_engine.c test_lazy_budget_keeps_hot): "run"
;; calls $hot before each of $c1..$c4 (the same size each, each called once),
;; "c1" alone lowers one of them. A budget holding run, $hot and one $c: each
;; $c needs the previous one's room, and that one (called once) goes, not
;; $hot (called again since), which oldest-lowered first would drop.
(module
  (func $hot (export "hot") (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 1)))
  (func $c1 (export "c1") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $c2 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func $c3 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 41)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x3333)))
  (func $c4 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 43)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x4444)))
  (func (export "run") (param i32) (result i32) (local i32)
    (local.set 1 (call $c1 (call $hot (local.get 0))))
    (local.set 1 (i32.add (local.get 1) (call $c2 (call $hot (local.get 0)))))
    (local.set 1 (i32.add (local.get 1) (call $c3 (call $hot (local.get 0)))))
    (i32.add (local.get 1) (call $c4 (call $hot (local.get 0))))))
