;; SPDX-License-Identifier: MIT
;; tests/fuzz/fuzz_sheap.c: loads and stores of 1 and 8 bytes at any i32
;; address of memory 0 (one page, then whatever shared heap is attached).
(module
  (memory (export "mem") 1)
  (func (export "ld8") (param i32) (result i64) (i64.load8_u (local.get 0)))
  (func (export "ld64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "st8") (param i32 i64) (i64.store8 (local.get 0) (local.get 1)))
  (func (export "st64") (param i32 i64) (i64.store (local.get 0) (local.get 1))))
