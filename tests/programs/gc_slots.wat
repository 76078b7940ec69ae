;; SPDX-License-Identifier: MIT
;; A reference passed in stays in the value stack's slots after the call
;; returns (a parameter, a local, an operand): once the caller drops the
;; object, those old slots may not keep it alive (tests/host/test_wasm_gc.py).
(module
  (func (export "keep") (param externref) (result i32) (local externref)
    local.get 0
    local.set 1
    local.get 1
    ref.is_null)
  (func $inner (param externref) (result i32)
    local.get 0
    ref.is_null)
  (func (export "keep_deep") (param externref) (result i32)
    i32.const 7
    local.get 0
    call $inner
    i32.add)
)
