;; SPDX-License-Identifier: MIT
;; Module for tests/host/test_binding_smoke.py: externref table/global, re-entrancy, memory, a spin loop.
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (table $t (export "t") 4 externref)
  (global $g (export "g") (mut externref) (ref.null extern))
  (func (export "put") (param i32 externref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "get") (param i32) (result externref) (table.get $t (local.get 0)))
  (func (export "setg") (param externref) (global.set $g (local.get 0)))
  (func (export "reenter") (param i32) (result i32) (call $cb (local.get 0)))
  (memory (export "mem") 1)
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "spin") (loop br 0))
)
