;; SPDX-License-Identifier: MIT
;; Divisions by constants (lower.c lower_numeric): a constant divisor other
;; than 0 and -1 is I32_DIV_S_IMM .. I32_REM_U_IMM "d a imm", whose handler
;; tests for no trap; 0 and -1 (which may trap: INT_MIN / -1) and a constant
;; dividend stay the general ops, which do.
(module
  (func (export "div_s3") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 3)))
  (func (export "div_s_m7") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -7)))
  (func (export "div_s_min") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 0x80000000)))
  (func (export "div_u3") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 3)))
  (func (export "div_u_big") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const 0x80000001)))
  (func (export "rem_s3") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const 3)))
  (func (export "rem_s_m7") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const -7)))
  (func (export "rem_s_min") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const 0x80000000)))
  (func (export "rem_u3") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const 3)))
  (func (export "rem_u_big") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const 0xfffe0000)))
  ;; kept in the general ops: they trap, or may
  (func (export "div_s0") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const 0)))
  (func (export "div_s_m1") (param i32) (result i32) (i32.div_s (local.get 0) (i32.const -1)))
  (func (export "rem_s_m1") (param i32) (result i32) (i32.rem_s (local.get 0) (i32.const -1)))
  (func (export "div_u_m1") (param i32) (result i32) (i32.div_u (local.get 0) (i32.const -1)))
  (func (export "rem_u0") (param i32) (result i32) (i32.rem_u (local.get 0) (i32.const 0)))
  (func (export "k_div_s") (param i32) (result i32) (i32.div_s (i32.const 7) (local.get 0)))
  ;; the quotient feeding more arithmetic (a giflib-style index: (i * 3) % 3)
  (func (export "mixed") (param i32) (result i32)
    (i32.add (i32.rem_s (local.get 0) (i32.const 3)) (i32.div_u (local.get 0) (i32.const 10))))
)
