;; SPDX-License-Identifier: MIT
;; memory.grow of an imported memory (tests put a block right after it, so a
;; grow must move it) and fd_write on it (WASI pins the memory while a
;; stream's write runs, which may try to grow it). An iovec at 0 names "ok\n"
;; at 16, as in wasi_fault.wat.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "env" "mem" (memory 1))
  (export "memory" (memory 0))
  (data (i32.const 0) "\10\00\00\00\03\00\00\00")
  (data (i32.const 16) "ok\n")
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "fd_write") (param i32 i32 i32 i32) (result i32)
    (call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
