;; SPDX-License-Identifier: MIT
;; Host functions called from wasm: every value type in and out, and a callback
;; that may raise.
(module
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "mix" (func $mix (param i64 f32 f64) (result f64)))
  (import "env" "pair" (func $pair (result i32 i64)))
  (import "env" "boom" (func $boom))
  (func (export "call_add") (param i32 i32) (result i32) local.get 0 local.get 1 call $add)
  (func (export "call_mix") (param i64 f32 f64) (result f64)
    local.get 0 local.get 1 local.get 2 call $mix)
  (func (export "call_pair") (result i32 i64) call $pair)
  (func (export "call_boom") (result i32) call $boom i32.const 1)
)
