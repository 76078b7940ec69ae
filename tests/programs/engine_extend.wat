;; SPDX-License-Identifier: MIT
;; A shift left by 16 or 24 whose result only the signed shift right by the
;; same count right after it reads (lower.c imm_fused): i32.extend16_s,
;; i32.extend8_s. Counts are taken mod 32 first. Unsigned, the pair is one
;; op already (I32_SHL_SHR_U); other widths, unequal counts, a count of 0, the
;; shifted value kept in a local and the i64 pairs (0.00% of the ops the bench
;; programs run) stay as they were.
(module
  (func (export "s16") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 16)) (i32.const 16)))
  (func (export "s8") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 24)) (i32.const 24)))
  (func (export "s16_mod") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 48)) (i32.const -16)))
  (func (export "u16") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 16)) (i32.const 16)))
  (func (export "u5") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 5)) (i32.const 37)))
  (func (export "u31") (param i32) (result i32)
    (i32.shr_u (i32.shl (local.get 0) (i32.const 31)) (i32.const 31)))
  (func (export "s20") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 12)) (i32.const 12)))
  (func (export "s16_15") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 16)) (i32.const 15)))
  (func (export "s16_tee") (param i32) (result i32) (local i32)
    (i32.add (i32.shr_s (local.tee 1 (i32.shl (local.get 0) (i32.const 16))) (i32.const 16)) (local.get 1)))
  (func (export "s16_zero") (param i32) (result i32)
    (i32.shr_s (i32.shl (local.get 0) (i32.const 32)) (i32.const 0)))
  (func (export "l32") (param i64) (result i64)
    (i64.shr_s (i64.shl (local.get 0) (i64.const 32)) (i64.const 32)))
  (func (export "l16") (param i64) (result i64)
    (i64.shr_s (i64.shl (local.get 0) (i64.const 48)) (i64.const 48)))
  (func (export "l8") (param i64) (result i64)
    (i64.shr_s (i64.shl (local.get 0) (i64.const 56)) (i64.const 56)))
  (func (export "l32_mod") (param i64) (result i64)
    (i64.shr_s (i64.shl (local.get 0) (i64.const 96)) (i64.const -32)))
  (func (export "lu32") (param i64) (result i64)
    (i64.shr_u (i64.shl (local.get 0) (i64.const 32)) (i64.const 32)))
  (func (export "lu3") (param i64) (result i64)
    (i64.shr_u (i64.shl (local.get 0) (i64.const 3)) (i64.const 3)))
  (func (export "l40") (param i64) (result i64)
    (i64.shr_s (i64.shl (local.get 0) (i64.const 24)) (i64.const 24)))
)
