;; SPDX-License-Identifier: MIT
;; A sum of two values plus a constant: lower.c narrow_imm makes the I32_ADD
;; I32_ADD_I32_ADD_IMMH (mw_int.h), whose handler runs the I32_ADD_IMMH after
;; it too, the constant added to the sum in its register (full profile).
;; `sum`: one, the constant at 16 bits' negative edge; `wrap`: the sums wrap
;; past 2^32; `land`: a branch lands on the I32_ADD_IMMH, which then runs
;; alone on the value another path put in the slot; `wide`: a constant over
;; 16 bits (I32_ADD_IMM stays wide: no row); `local`: the sum goes to a local
;; that the add of the constant reads and the multiply after it too (still
;; one row: the sum is written); `gset`: the add of the constant before a
;; global.set (I32_ADD_IMMH_GLOBAL_SET, no row); `elem`: an array element's
;; address plus a field's offset, `a + b * 12 + 4` (I32_ADD_MUL, then the
;; constant: I32_ADD_MUL_I32_ADD_IMMH).
(module
  (global $g (mut i32) (i32.const 0))
  (func (export "sum") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const -32768)))
  (func (export "wrap") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const 32767)))
  (func (export "land") (param i32 i32) (result i32)
    (i32.add
      (block (result i32)
        (br_if 0 (local.get 1) (local.get 0))
        (drop)
        (i32.add (local.get 0) (local.get 1)))
      (i32.const 7)))
  (func (export "wide") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const 65536)))
  (func (export "local") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (i32.add (local.get 0) (local.get 1)))
    (i32.mul (i32.add (local.get 2) (i32.const 3)) (local.get 2)))
  (func (export "elem") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 12))) (i32.const 4)))
  (func (export "gset") (param i32 i32) (result i32)
    (global.set $g (i32.add (i32.add (local.get 0) (local.get 1)) (i32.const 16)))
    (global.get $g))
)
