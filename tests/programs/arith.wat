;; SPDX-License-Identifier: MIT
;; Numbers across the call boundary: identities, wrapping arithmetic, floats,
;; multi-value results, no results.
(module
  (func (export "id_i32") (param i32) (result i32) local.get 0)
  (func (export "id_i64") (param i64) (result i64) local.get 0)
  (func (export "id_f32") (param f32) (result f32) local.get 0)
  (func (export "id_f64") (param f64) (result f64) local.get 0)
  (func (export "add_i32") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "add_i64") (param i64 i64) (result i64) local.get 0 local.get 1 i64.add)
  (func (export "div_f32") (param f32 f32) (result f32) local.get 0 local.get 1 f32.div)
  (func (export "mul_f64") (param f64 f64) (result f64) local.get 0 local.get 1 f64.mul)
  (func (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0)
  (func (export "rev4") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    local.get 3 local.get 2 local.get 1 local.get 0)
  (func (export "nothing"))
  (func $fac (export "fac") (param i64) (result i64)
    local.get 0 i64.eqz
    if (result i64)
      i64.const 1
    else
      local.get 0 local.get 0 i64.const 1 i64.sub call $fac i64.mul
    end)
)
