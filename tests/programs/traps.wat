;; SPDX-License-Identifier: MIT
;; One function per trap kind, plus `ok` to show the instance survives a trap.
(module
  (type $v_i (func (result i32)))
  (type $i_i (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)                  ;; slot 0: $one, slot 1: null, 2..: undefined
  (elem (i32.const 0) $one)
  (func $one (type $v_i) i32.const 1)
  (func (export "ok") (result i32) i32.const 42)
  (func (export "unreachable") unreachable)
  (func (export "div_s") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  (func (export "trunc") (param f32) (result i32) local.get 0 i32.trunc_f32_s)
  (func (export "load") (param i32) (result i32) local.get 0 i32.load)
  (func (export "table_get") (param i32) (result funcref) local.get 0 table.get 0)
  (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $v_i))
  (func (export "call_i_i") (param i32) (result i32)
    i32.const 5 local.get 0 call_indirect (type $i_i))
  (func $recurse (export "recurse") (param i32) (result i32)
    local.get 0 i32.const 1 i32.add call $recurse)
  (func (export "spin") (loop br 0))
  (func (export "count") (param i32) (result i32)
    (local i32)
    (loop
      local.get 1 i32.const 1 i32.add local.set 1
      local.get 1 local.get 0 i32.lt_u br_if 0)
    local.get 1)
)
