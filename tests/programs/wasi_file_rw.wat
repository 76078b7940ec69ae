;; SPDX-License-Identifier: MIT
;; WASI calls on files with any pointers (tests/host/test_wasi.py, the binding
;; fuzzer tests/fuzz/binding.py): path_open (the guest's path, oflags, rights,
;; fdflags, where the fd goes), fd_read / fd_write (fd, iovec array, count,
;; count pointer), fd_close, fd_write to fd 1; loads, stores, fill and grow at
;; any address, for iovecs and for buffers in windows.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func $w (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $r (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_close" (func $c (param i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $o (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "ld8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "ld16") (param i32) (result i32) local.get 0 i32.load16_u)
  (func (export "ld32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "ld64") (param i32) (result i64) local.get 0 i64.load)
  (func (export "st8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "st16") (param i32 i32) local.get 0 local.get 1 i32.store16)
  (func (export "st32") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "st64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  (func (export "fd_write") (param i32 i32 i32 i32) (result i32)
    (call $w (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "fd_read") (param i32 i32 i32 i32) (result i32)
    (call $r (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "fd_close") (param i32) (result i32) (call $c (local.get 0)))
  ;; path_open(dirfd, path, path_len, oflags, rights, fdflags, fd_out): no dirflags, no inherited rights
  (func (export "path_open") (param i32 i32 i32 i32 i64 i32 i32) (result i32)
    (call $o (local.get 0) (i32.const 0) (local.get 1) (local.get 2) (local.get 3)
      (local.get 4) (i64.const 0) (local.get 5) (local.get 6))))
