;; SPDX-License-Identifier: MIT
;; engine_grow_refused.wat: memory.grow refused by the heap and by the
;; memory's type (mw.h mw_memory_grow, docs/wasm.md "Memory growth and
;; views"): memory 0 has no maximum, so only the heap can refuse a grow of it
;; (counted: mw_memory_refused, wasm.Memory.grows_refused); memory 1 has at
;; most 2 pages, so a grow beyond is its type's refusal (not counted).
(module
  (memory (export "memory") 1)
  (memory (export "small") 1 2)
  (func (export "grow") (param i32) (result i32) (memory.grow 0 (local.get 0)))
  (func (export "grow_small") (param i32) (result i32) (memory.grow 1 (local.get 0)))
  (func (export "pages") (result i32) (memory.size 0)))
