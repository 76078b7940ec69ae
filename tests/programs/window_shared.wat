;; SPDX-License-Identifier: MIT
;; env.mpwasm_map from a module that imports its memory: two instances share
;; one memory, so one's windows are in the other's address space
;; (tests/host/test_windows.py). 16 bytes of 1-byte pages: fits every heap.
(module
  (import "env" "mem" (memory 16 (pagesize 1)))
  (import "env" "mpwasm_map" (func $map (param i32 i32 i32 i32) (result i32)))
  (func (export "ld32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "map") (param i32 i32 i32 i32) (result i32)
    local.get 0 local.get 1 local.get 2 local.get 3 call $map))
