;; SPDX-License-Identifier: MIT
;; A shift or a multiply whose result only the shift or mask right after it
;; reads (lower.c imm_fused): I32_SHL_SHR_U, I32_SHR_U_AND, I32_MUL_SHR_S.
;; Counts of 32 and more are taken mod 32; `shl_shr_s` (a sign extension) and
;; `tee` (the first result also kept in a local) stay two ops.
(module
  (func (export "shl_shr_u") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 24)) (i32.const 25)))
  (func (export "shl_shr_u_mod") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 33)) (i32.const 63)))
  (func (export "shl_shr_u_zero") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 32)) (i32.const 0)))
  (func (export "shr_u_and") (param i32) (result i32)
    (i32.and (i32.shr_u (local.get 0) (i32.const 22)) (i32.const 1020)))
  (func (export "shr_u_and_mod") (param i32) (result i32)
    (i32.and (i32.shr_u (local.get 0) (i32.const 40)) (i32.const -1)))
  (func (export "mul_shr_s") (param i32 i32) (result i32)
    (i32.shr_s (i32.mul (local.get 0) (local.get 1)) (i32.const 15)))
  (func (export "mul_shr_s_31") (param i32 i32) (result i32)
    (i32.shr_s (i32.mul (local.get 0) (local.get 1)) (i32.const 31)))
  (func (export "shl_shr_s") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 24)) (i32.const 24)))
  (func (export "tee") (param i32) (result i32) (local i32)
    (i32.add (i32.shr_u (local.tee 1 (i32.shl (local.get 0) (i32.const 8))) (i32.const 4)) (local.get 1)))
)
