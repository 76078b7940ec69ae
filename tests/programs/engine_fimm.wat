;; SPDX-License-Identifier: MIT
;; Float add, subtract and multiply with a constant operand (lower.c
;; lower_fimm): F32_ADD_IMM, F32_MUL_IMM, F64_ADD_IMM, F64_MUL_IMM "d a imm";
;; a sub of k is the add of -k, a constant on the left of an add or multiply
;; is taken as the right one. `f32_add` .. `f64_mul` (x, y) are the plain ops,
;; the reference for the bits. A NaN constant and a constant left operand of
;; a sub stay CONST and the plain op.
(module
  (func (export "f32_add") (param f32 f32) (result f32) (f32.add (local.get 0) (local.get 1)))
  (func (export "f32_sub") (param f32 f32) (result f32) (f32.sub (local.get 0) (local.get 1)))
  (func (export "f32_mul") (param f32 f32) (result f32) (f32.mul (local.get 0) (local.get 1)))
  (func (export "f64_add") (param f64 f64) (result f64) (f64.add (local.get 0) (local.get 1)))
  (func (export "f64_sub") (param f64 f64) (result f64) (f64.sub (local.get 0) (local.get 1)))
  (func (export "f64_mul") (param f64 f64) (result f64) (f64.mul (local.get 0) (local.get 1)))
  (func (export "f32_add_k") (param f32) (result f32) (f32.add (local.get 0) (f32.const 1.5)))
  (func (export "f32_sub_k") (param f32) (result f32) (f32.sub (local.get 0) (f32.const 0.1)))
  (func (export "f32_mul_k") (param f32) (result f32) (f32.mul (local.get 0) (f32.const 3)))
  (func (export "f32_k_add") (param f32) (result f32) (f32.add (f32.const -0x1p-149) (local.get 0)))
  (func (export "f32_k_mul") (param f32) (result f32) (f32.mul (f32.const 0x1.fffffep127) (local.get 0)))
  (func (export "f32_sub_0") (param f32) (result f32) (f32.sub (local.get 0) (f32.const 0)))
  (func (export "f32_sub_m0") (param f32) (result f32) (f32.sub (local.get 0) (f32.const -0)))
  (func (export "f32_add_m0") (param f32) (result f32) (f32.add (local.get 0) (f32.const -0)))
  (func (export "f32_mul_inf") (param f32) (result f32) (f32.mul (local.get 0) (f32.const -inf)))
  (func (export "f32_sub_inf") (param f32) (result f32) (f32.sub (local.get 0) (f32.const inf)))
  (func (export "f32_add_nan") (param f32) (result f32) (f32.add (local.get 0) (f32.const nan:0x200001)))
  (func (export "f32_k_sub") (param f32) (result f32) (f32.sub (f32.const 2) (local.get 0)))
  (func (export "f64_add_k") (param f64) (result f64) (f64.add (local.get 0) (f64.const 0.1)))
  (func (export "f64_sub_k") (param f64) (result f64) (f64.sub (local.get 0) (f64.const 0x1p-1022)))
  (func (export "f64_mul_k") (param f64) (result f64) (f64.mul (local.get 0) (f64.const 1e308)))
  (func (export "f64_k_add") (param f64) (result f64) (f64.add (f64.const -1.25) (local.get 0)))
  (func (export "f64_k_mul") (param f64) (result f64) (f64.mul (f64.const 0x0.0000000000001p-1022) (local.get 0)))
  (func (export "f64_sub_0") (param f64) (result f64) (f64.sub (local.get 0) (f64.const 0)))
  (func (export "f64_sub_m0") (param f64) (result f64) (f64.sub (local.get 0) (f64.const -0)))
  (func (export "f64_mul_inf") (param f64) (result f64) (f64.mul (local.get 0) (f64.const inf)))
  (func (export "f64_sub_inf") (param f64) (result f64) (f64.sub (local.get 0) (f64.const -inf)))
  (func (export "f64_mul_nan") (param f64) (result f64) (f64.mul (local.get 0) (f64.const -nan:0x4000000000001)))
  (func (export "f64_k_sub") (param f64) (result f64) (f64.sub (f64.const 2) (local.get 0)))
  ;; a compare with a constant (opcodes below f32.add's) stays a compare
  (func (export "f32_lt_k") (param f32) (result i32) (f32.lt (local.get 0) (f32.const 1.5)))
  (func (export "f64_ge_k") (param f64) (result i32) (f64.ge (local.get 0) (f64.const -0.5)))
  (func (export "f32_div_k") (param f32) (result f32) (f32.div (local.get 0) (f32.const 4)))
  ;; the scaled sum of samplerate's filters: (x * k1) + (y * k2), both products
  ;; with a constant, into a local
  (func (export "f64_lerp") (param f64 f64) (result f64) (local f64)
    (local.set 2 (f64.add (f64.mul (local.get 0) (f64.const 0.75)) (f64.mul (local.get 1) (f64.const 0.25))))
    (local.get 2))
)
