;; SPDX-License-Identifier: MIT
;; A memory smaller than the widest access (custom-page-sizes: 5 one-byte
;; pages): the interpreter's fast test admits no address (mw_fast_lim is 0),
;; so every access is decided by the slow path's exact test.
(module
  (memory (export "mem") 5 8 (pagesize 1))
  (func (export "ld8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ld16") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "st8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "st32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)
