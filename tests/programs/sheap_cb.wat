;; SPDX-License-Identifier: MIT
;; Shared-heap test program (tests/cases/sheap_cases.py): wasm calls the
;; host function env.cb (Python may resize a heap's buffer there), then loads
;; or stores a byte at an address (linear memory or a heap).
(module
  (import "env" "cb" (func $cb))
  (memory (export "memory") 1)
  (func (export "cb_then_load8") (param i32) (result i32) call $cb local.get 0 i32.load8_u)
  (func (export "cb_then_store8") (param i32 i32) call $cb local.get 0 local.get 1 i32.store8))
