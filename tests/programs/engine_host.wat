;; SPDX-License-Identifier: MIT
;; Calls into the host, which may call back into "twice" (re-entrancy).
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "call_cb") (param i32) (result i32) (call $cb (local.get 0)))
  (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
  (table (export "t") 2 funcref)
  (elem (i32.const 0) $cb)
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (param i32) (result i32) (local.get 0) (local.get 1)))
  ;; down(n): n calls deep, returns n; then_down(a, b): the host first (which
  ;; may call down(a) back: the stacks' high-water marks rise under this
  ;; frame), then down(b)
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (i32.const 1)))
      (else (i32.const 0))))
  (func (export "then_down") (param i32 i32) (result i32)
    (drop (call $cb (local.get 0)))
    (call $down (local.get 1)))
)
