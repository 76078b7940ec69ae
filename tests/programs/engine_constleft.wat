;; SPDX-License-Identifier: MIT
;; A constant left operand of an i32 binary op (lower.c lower_numeric): a
;; commutative op or a comparison (mirrored) takes it as its right one,
;; i32.sub becomes I32_RSUB_IMM. Each `OP` computes OP(0x80000001, x); `br_lt_s`
;; branches on 5 < x (the mirrored compare fused with br_if).
(module
  (func (export "sub") (param i32) (result i32) (i32.sub (i32.const 0x80000001) (local.get 0)))
  (func (export "add") (param i32) (result i32) (i32.add (i32.const 0x80000001) (local.get 0)))
  (func (export "mul") (param i32) (result i32) (i32.mul (i32.const 0x80000001) (local.get 0)))
  (func (export "and") (param i32) (result i32) (i32.and (i32.const 0x80000001) (local.get 0)))
  (func (export "or") (param i32) (result i32) (i32.or (i32.const 0x80000001) (local.get 0)))
  (func (export "xor") (param i32) (result i32) (i32.xor (i32.const 0x80000001) (local.get 0)))
  (func (export "eq") (param i32) (result i32) (i32.eq (i32.const 0x80000001) (local.get 0)))
  (func (export "ne") (param i32) (result i32) (i32.ne (i32.const 0x80000001) (local.get 0)))
  (func (export "lt_s") (param i32) (result i32) (i32.lt_s (i32.const 0x80000001) (local.get 0)))
  (func (export "lt_u") (param i32) (result i32) (i32.lt_u (i32.const 0x80000001) (local.get 0)))
  (func (export "gt_s") (param i32) (result i32) (i32.gt_s (i32.const 0x80000001) (local.get 0)))
  (func (export "gt_u") (param i32) (result i32) (i32.gt_u (i32.const 0x80000001) (local.get 0)))
  (func (export "le_s") (param i32) (result i32) (i32.le_s (i32.const 0x80000001) (local.get 0)))
  (func (export "le_u") (param i32) (result i32) (i32.le_u (i32.const 0x80000001) (local.get 0)))
  (func (export "ge_s") (param i32) (result i32) (i32.ge_s (i32.const 0x80000001) (local.get 0)))
  (func (export "ge_u") (param i32) (result i32) (i32.ge_u (i32.const 0x80000001) (local.get 0)))
  (func (export "br_lt_s") (param i32) (result i32)
    (block $t (br_if $t (i32.lt_s (i32.const 5) (local.get 0))) (return (i32.const 2)))
    (i32.const 1))
)
