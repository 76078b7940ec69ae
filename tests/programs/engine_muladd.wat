;; SPDX-License-Identifier: MIT
;; A multiply whose result only an add or a subtract reads, right after it
;; (lower.c mul_fused): F32_MUL_ADD, F32_MUL_SUB, I32_MUL_ADD, I64_MUL_ADD
;; "d a b c". `*_right` has the product as the add's right operand, `wide` is
;; the 32x32->64 multiply-accumulate of bignum code, `rsub` (c - a * b) and
;; `tee` (the product also kept in a local) stay two ops.
(module
  (func (export "f32_mul_add") (param f32 f32 f32) (result f32)
    (f32.add (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "f32_mul_add_right") (param f32 f32 f32) (result f32)
    (f32.add (local.get 2) (f32.mul (local.get 0) (local.get 1))))
  (func (export "f32_mul_sub") (param f32 f32 f32) (result f32)
    (f32.sub (f32.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "f32_rsub") (param f32 f32 f32) (result f32)
    (f32.sub (local.get 2) (f32.mul (local.get 0) (local.get 1))))
  (func (export "f32_tee") (param f32 f32 f32) (result f32) (local f32)
    (f32.sub (f32.add (local.tee 3 (f32.mul (local.get 0) (local.get 1))) (local.get 2)) (local.get 3)))
  (func (export "i32_mul_add") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "i32_mul_add_right") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.mul (local.get 0) (local.get 1))))
  (func (export "i64_mul_add") (param i64 i64 i64) (result i64)
    (i64.add (i64.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "wide") (param i32 i32 i64) (result i64)
    (i64.add (local.get 2) (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))))
)
