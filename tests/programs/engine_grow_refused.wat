;; SPDX-License-Identifier: MIT
;; engine_grow_refused.wat: memory.grow refused by the heap and by the
;; memory's type (mw.h mw_memory_grow, docs/wasm.md "Memory growth and
;; views"). Memory 0 (1 KiB of 1-byte pages) has no maximum, so only the heap
;; (or the page limit, 2^32 - 1) can refuse a grow of it: the heap's refusals
;; are counted (mw_memory_refused, wasm.Memory.grows_refused); memory 1 has at
;; most 32 bytes, so a grow beyond is its type's refusal (not counted).
;; 1-byte pages so that the same cases run on a board with 7 KB of heap. The
;; names ($grow) go into the name section: grow_raises's MemoryError names the
;; function as a trap does (tests/cases/grow_cases.py).
(module
  (memory (export "memory") 1024 (pagesize 1))
  (memory (export "small") 16 32 (pagesize 1))
  (func $grow (export "grow") (param i32) (result i32) (memory.grow 0 (local.get 0)))
  (func $grow_small (export "grow_small") (param i32) (result i32) (memory.grow 1 (local.get 0)))
  (func $pages (export "pages") (result i32) (memory.size 0)))
