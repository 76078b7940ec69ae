;; SPDX-License-Identifier: MIT
;; custom-page-sizes proposal: a memory of 1-byte pages, 5 bytes to start, at most 8.
(module
  (memory (export "mem") 5 8 (pagesize 1))
  (func (export "size") (result i32) memory.size)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
)
