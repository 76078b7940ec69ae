;; SPDX-License-Identifier: MIT
;; An i32 load feeding the add right after it (lower.c narrow_imm, loadf):
;; the load becomes LOAD32_U_I32_ADD_IMMH or LOAD32_U_I32_ADD (mw_int.h
;; MW_LOADF32_FUSED), which runs the add's handler after the load without a
;; dispatch. A constant that fits 16 bits (`add_k`; `sub_k`, a subtract of
;; k, is the add of -k) and one that does not (`add_wide`: I32_ADD_IMM
;; stays wide, no row); a value on either side (`add`, `add_r`); the sum
;; kept in a local (`add_tee`); `join`: a branch lands on the add (it runs
;; alone there); `*_ref`: the same with a global.set between the two, which
;; keeps them apart. `copy32`, `copy64`: a word loaded and stored right away
;; (LOAD32_U_STORE32, LOAD64_STORE64), `copy32_ref` kept apart.
(module
  (memory (export "mem") 1 1)
  (global $g (mut i32) (i32.const 0))
  (func (export "wr32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "add_k") (param i32 i32) (result i32)
    (i32.add (i32.load offset=8 (local.get 0)) (i32.const -3)))
  (func (export "add_k_ref") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (i32.load offset=8 (local.get 0)))
    (global.set $g (i32.const 1))
    (i32.add (local.get 2) (i32.const -3)))
  (func (export "sub_k") (param i32 i32) (result i32)
    (i32.sub (i32.load offset=8 (local.get 0)) (i32.const 32767)))
  (func (export "add_wide") (param i32 i32) (result i32)
    (i32.add (i32.load offset=8 (local.get 0)) (i32.const 0x12345)))
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (i32.load offset=8 (local.get 0)) (local.get 1)))
  (func (export "add_r") (param i32 i32) (result i32)
    (i32.add (local.get 1) (i32.load offset=8 (local.get 0))))
  (func (export "add_ref") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (i32.load offset=8 (local.get 0)))
    (global.set $g (i32.const 1))
    (i32.add (local.get 2) (local.get 1)))
  (func (export "add_tee") (param i32 i32) (result i32)
    (local i32)
    (local.set 2 (i32.add (i32.load offset=8 (local.get 0)) (local.get 1)))
    (i32.mul (local.get 2) (i32.const 3)))
  (func (export "join") (param i32 i32) (result i32)
    (i32.add
      (block (result i32)
        (br_if 0 (i32.const 1000) (local.get 1))
        drop
        (i32.load offset=8 (local.get 0)))
      (local.get 1)))
  (func (export "copy32") (param i32 i32)
    (i32.store offset=4 (local.get 1) (i32.load offset=8 (local.get 0))))
  (func (export "copy32_ref") (param i32 i32)
    (local i32)
    (local.set 2 (i32.load offset=8 (local.get 0)))
    (global.set $g (i32.const 1))
    (i32.store offset=4 (local.get 1) (local.get 2)))
  (func (export "copy64") (param i32 i32)
    (i64.store offset=4 (local.get 1) (i64.load offset=8 (local.get 0))))
  (func (export "rd64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "rd32") (param i32) (result i64) (i64.load32_u (local.get 0))))
