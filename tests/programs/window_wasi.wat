;; SPDX-License-Identifier: MIT
;; WASI calls whose guest pointers lie in windows (docs/windows.md): fd_read
;; and fd_write with any iovec array, count pointer and fd; poll_oneoff with
;; any subscription, event and count pointers. Python puts the iovecs and
;; subscriptions in place with st32 / st64.
(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "poll_oneoff" (func $poll (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "st32") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "st64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "ld32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "fd_read") (param i32 i32 i32 i32) (result i32)
    (call $fd_read (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "fd_write") (param i32 i32 i32 i32) (result i32)
    (call $fd_write (local.get 0) (local.get 1) (local.get 2) (local.get 3)))
  (func (export "poll") (param i32 i32 i32 i32) (result i32)
    (call $poll (local.get 0) (local.get 1) (local.get 2) (local.get 3))))
