;; SPDX-License-Identifier: MIT
;; Every load and store width at the end of a 1-page memory (2 after grow):
;; the interpreter's fast test (mw_ea_fast) leaves the last 7 bytes to the
;; slow path, which must still find them in memory. offset=8 and
;; offset=0xffffffff put the effective address at or past 2^32, where a
;; 32-bit sum would wrap to the bottom of memory.
(module
  (memory (export "mem") 1 2)
  (func (export "ld8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ld16") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "ld64_lo") (param i32) (result i32) (i32.wrap_i64 (i64.load (local.get 0))))
  (func (export "ld64_hi") (param i32) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.load (local.get 0)) (i64.const 32))))
  (func (export "st8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "st16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "st32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  ;; the i64 v * 0x100000001: v in both halves
  (func (export "st64") (param i32 i32)
    (i64.store (local.get 0) (i64.mul (i64.extend_i32_u (local.get 1)) (i64.const 0x100000001))))
  (func (export "ld32_off8") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
  (func (export "st32_off8") (param i32 i32) (i32.store offset=8 (local.get 0) (local.get 1)))
  (func (export "ld8_offmax") (param i32) (result i32) (i32.load8_u offset=0xffffffff (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  ;; stores of constants (STORE32_K, STORE64_K; an i64 beyond 32 bits signed
  ;; and the float forms: the constant's bits)
  (func (export "stk32") (param i32) (i32.store offset=4 (local.get 0) (i32.const 0xc0ffee11)))
  (func (export "stk64") (param i32) (i64.store (local.get 0) (i64.const -2)))
  (func (export "stk64_wide") (param i32) (i64.store (local.get 0) (i64.const 0x1234567890)))
  (func (export "stkf32") (param i32) (f32.store (local.get 0) (f32.const 1.5)))
  (func (export "stkf64") (param i32) (f64.store (local.get 0) (f64.const -0.0)))
  (func (export "stk8") (param i32) (i32.store8 offset=1 (local.get 0) (i32.const 0x1ab)))
  (func (export "stk16") (param i32) (i32.store16 offset=2 (local.get 0) (i32.const -0x1234)))
)
