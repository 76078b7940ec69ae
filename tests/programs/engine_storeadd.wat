;; SPDX-License-Identifier: MIT
;; A store, then an add of a constant (a pointer stepped after the store
;; through it): lower.c narrow_imm makes the store STORE8_I32_ADD_IMMH,
;; STORE32_I32_ADD_IMMH or STORE64_I32_ADD_IMMH (mw_int.h MW_STOREADD_FUSED),
;; whose handler runs the add after it too (full profile). Each function
;; stores v at p and returns p stepped: `st8` (p + 1), `st32` (p + 4),
;; `st64` (p + 8, an i64 stored), `land` (a branch lands on the add, which
;; then runs alone: p + 5 whichever way), `st16` (a 16-bit store: no row),
;; `xv` (the stored value an add of a constant, STORE32_XV: the store is its
;; partner, no row). At the memory's last bytes the store takes its slow
;; path and the add runs by itself; past the end the store traps.
(module
  (memory (export "mem") 1)
  (func (export "st8") (param i32 i32) (result i32)
    (i32.store8 (local.get 0) (local.get 1))
    (local.tee 0 (i32.add (local.get 0) (i32.const 1))))
  (func (export "st32") (param i32 i32) (result i32)
    (i32.store (local.get 0) (local.get 1))
    (local.tee 0 (i32.add (local.get 0) (i32.const 4))))
  (func (export "st64") (param i32 i32) (result i32)
    (i64.store (local.get 0) (i64.extend_i32_u (local.get 1)))
    (local.tee 0 (i32.add (local.get 0) (i32.const 8))))
  (func (export "land") (param i32 i32) (result i32)
    (block
      (br_if 0 (i32.eqz (local.get 1)))
      (i32.store8 (local.get 0) (local.get 1)))
    (i32.add (local.get 0) (i32.const 5)))
  (func (export "st16") (param i32 i32) (result i32)
    (i32.store16 (local.get 0) (local.get 1))
    (i32.add (local.get 0) (i32.const 2)))
  (func (export "xv") (param i32 i32) (result i32)
    (i32.store (local.get 0) (i32.add (local.get 1) (i32.const 9)))
    (i32.add (local.get 0) (i32.const 4)))
)
