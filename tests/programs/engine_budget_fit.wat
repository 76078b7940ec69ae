;; SPDX-License-Identifier: MIT
;; engine_budget_fit.wat: a lazy module under a code budget (lazy.c
;; lazy_drop_cold; tests/cases/lazy_cases.py BUDGET_FIT): "run" calls
;; $small, $big, $next, then $small again; "small", "big" and "next" alone
;; lower one function each ($next is $big's size). A budget that holds run,
;; $small, $big and half of what $next needs beyond $small: lowering $next
;; needs more than $small's room and at most $big's, while $small and $big
;; are both cold (called once). $big alone goes and $small stays for its
;; second call; dropping the cold functions in the order they were lowered
;; dropped $small too and lowered it again.
(module
  (func $small (export "small") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1)))
  (func $big (export "big") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 1 (i32.xor (local.get 1) (i32.shr_u (local.get 1) (i32.const 7))))
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 1103)) (i32.const 12345)))
      (local.set 1 (i32.xor (local.get 1) (i32.shl (local.get 1) (i32.const 3))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $next (export "next") (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 1 (i32.xor (local.get 1) (i32.shr_u (local.get 1) (i32.const 5))))
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 1301)) (i32.const 54321)))
      (local.set 1 (i32.xor (local.get 1) (i32.shl (local.get 1) (i32.const 9))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func (export "run") (param i32) (result i32) (local i32)
    (local.set 1 (call $small (local.get 0)))
    (local.set 1 (i32.add (local.get 1) (call $big (local.get 0))))
    (local.set 1 (i32.add (local.get 1) (call $next (local.get 0))))
    (i32.add (local.get 1) (call $small (local.get 1)))))
