;; SPDX-License-Identifier: MIT
;; A call's last argument put in place by the op right before the CALL_DEF
;; (lower.c narrow_imm, call_arg): that COPY, COPY2 or CONST16 becomes
;; COPY_CALL_DEF, COPY2_CALL_DEF or CONST16_CALL_DEF (mw_int.h
;; MW_CALL_ARG_OP_LIST), whose handler does the call after it without a
;; dispatch. $f3 weighs its three arguments apart, so a wrong or missing
;; one shows. `copy_last`: the last argument a local (COPY); `copy2_last`:
;; the last two (COPY2); `copy2_copy`: all three (COPY2, then COPY);
;; `const_last`: a constant after two locals (COPY2, then CONST16); `join`:
;; the last argument a block's result whose end a br_if names, so that
;; branch lands on the CALL_DEF (it runs alone there, the COPY before it
;; does not); `count`: recursion through a COPY_CALL_DEF, its result used
;; after the return; `deep`, `deep2`, `deepk`: recursion without end
;; through each row (the stack's limit, a trap).
(module
  (func $f3 (param i32 i32 i32) (result i32)
    (i32.add
      (i32.mul (i32.add (i32.mul (local.get 0) (i32.const 1000)) (local.get 1)) (i32.const 1000))
      (local.get 2)))
  (func (export "copy_last") (param i32 i32) (result i32)
    (call $f3 (i32.add (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 2)) (local.get 1)))
  (func (export "copy2_last") (param i32 i32) (result i32)
    (call $f3 (i32.add (local.get 0) (i32.const 7)) (local.get 1) (local.get 0)))
  (func (export "copy2_copy") (param i32 i32 i32) (result i32)
    (call $f3 (local.get 2) (local.get 0) (local.get 1)))
  (func (export "const_last") (param i32 i32) (result i32)
    (call $f3 (local.get 0) (local.get 1) (i32.const -5)))
  (func (export "join") (param i32 i32 i32) (result i32)
    (call $f3 (i32.add (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 1))
      (block (result i32)
        (br_if 0 (i32.const 77) (local.get 2))
        drop
        (local.get 0))))
  (func $count (export "count") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (local.get 1))
      (else (i32.add (call $count (i32.add (local.get 0) (i32.const -1)) (local.get 1)) (i32.const 3)))))
  (func $deep (export "deep") (param i32) (result i32)
    (call $deep (local.get 0)))
  (func $deep2 (export "deep2") (param i32 i32) (result i32)
    (call $deep2 (local.get 1) (local.get 0)))
  (func $deepk (export "deepk") (param i32) (result i32)
    (call $deepk (i32.const 3))))
