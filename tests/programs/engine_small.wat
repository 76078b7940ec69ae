;; SPDX-License-Identifier: MIT
;; A memory of 1-byte pages (custom-page-sizes): 100 bytes, growable to 200.
(module
  (memory (export "mem") 100 200 (pagesize 1))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
