;; SPDX-License-Identifier: MIT
;; Two constants put in slots one after the other: lower.c narrow_imm makes
;; the first CONST16_CONST16 (mw_int.h), whose handler puts both (full
;; profile). `two`: one pair; `land`: a branch lands on a pair's second
;; CONST16, which then runs alone; `three`: a chain of three, one pair and
;; the third alone; `callarg`: the second is a call's argument
;; (CONST16_CALL_DEF), so no pair.
(module
  (func $g (param i32 i32) (result i32)
    (i32.sub (local.get 0) (local.get 1)))
  (func (export "two") (param i32) (result i32)
    (local i32 i32)
    (local.set 1 (i32.const 5))
    (local.set 2 (i32.const -7))
    (i32.add (i32.mul (local.get 1) (local.get 0)) (local.get 2)))
  (func (export "land") (param i32) (result i32)
    (local i32 i32)
    (block
      (local.set 1 (i32.const 1))
      (br_if 0 (local.get 0))
      (local.set 1 (i32.const 2)))
    (local.set 2 (i32.const 3))
    (i32.add (i32.mul (local.get 1) (i32.const 10)) (local.get 2)))
  (func (export "three") (param i32) (result i32)
    (local i32 i32 i32)
    (local.set 1 (i32.const 1))
    (local.set 2 (i32.const 2))
    (local.set 3 (i32.const 3))
    (i32.add (local.get 0)
      (i32.add (i32.mul (local.get 1) (i32.const 100))
        (i32.add (i32.mul (local.get 2) (i32.const 10)) (local.get 3)))))
  (func (export "callarg") (param i32) (result i32)
    (i32.add (local.get 0) (call $g (i32.const 40) (i32.const 5))))
)
