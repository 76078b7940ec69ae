;; SPDX-License-Identifier: MIT
;; memory.copy and memory.fill in memory 0 (the interpreter's fast paths: up to
;; 16 bytes inline, more through memmove/memset, inside the fast limit; the
;; last 7 bytes and past the end through the exact slow path), and a second
;; memory, which never takes them.
(module
  (memory (export "mem") 1 2)
  (memory (export "mem1") 1)
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy10") (param i32 i32 i32) (memory.copy 1 0 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "fill1") (param i32 i32 i32) (memory.fill 1 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)
