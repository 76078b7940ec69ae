;; SPDX-License-Identifier: MIT
;; One import of each kind, used through exports.
(module
  (import "env" "f" (func $f (param i32) (result i32)))
  (import "env" "mem" (memory 1 2))
  (import "env" "g" (global $g (mut i32)))
  (import "env" "tab" (table 2 funcref))
  (func (export "call_f") (param i32) (result i32) local.get 0 call $f)
  (func (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "store8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "get_g") (result i32) global.get $g)
  (func (export "set_g") (param i32) local.get 0 global.set $g)
  (func (export "call_tab") (param i32) (result i32)
    local.get 0 local.get 0 call_indirect (param i32) (result i32))
)
