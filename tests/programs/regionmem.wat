;; SPDX-License-Identifier: MIT
;; Two imported memories of 1-byte pages over board regions (tests/*/test_sheap.py):
;; memory 0 over "shared" (rw), memory 1 over "rodata" (ro).
(module
  (import "env" "mem" (memory 1 (pagesize 1)))
  (import "env" "ro" (memory 1 (pagesize 1)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "ro_load8") (param i32) (result i32) (i32.load8_u 1 (local.get 0)))
  (func (export "ro_store8") (param i32 i32) (i32.store8 1 (local.get 0) (local.get 1)))
  (func (export "ro_fill") (param i32 i32 i32) (memory.fill 1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "size") (result i32) (memory.size))
  (func (export "ro_size") (result i32) (memory.size 1))
)
