;; SPDX-License-Identifier: MIT
;; Shared-heap test program (tests/cases/sheap_cases.py): a module that
;; imports its memory, so instances share one memory and the heap attached
;; to it; wasm calls env.cb (Python may detach or close the heap there),
;; then loads a byte.
(module
  (import "env" "mem" (memory 1))
  (import "env" "cb" (func $cb))
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "cb_then_load8") (param i32) (result i32) call $cb local.get 0 i32.load8_u))
