;; SPDX-License-Identifier: MIT
;; A funcref table whose entries name this instance's functions by index
;; (mw_table's owner), shared with engine_tab_b.wat, which imports it: calls
;; through it from either side, table.get/set/fill/copy, ref.func, type checks.
;; Each function adds its instance's $who (100 here, 200 in B), so a result
;; says which instance ran it.
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func (result i32)))
  (table $t (export "tab") 8 16 funcref)
  (table $u 4 funcref)
  (global $who i32 (i32.const 100))
  (elem (table $t) (i32.const 0) func $f1 $f2)
  (elem declare func $v7)
  (func $f1 (export "f1") (param i32) (result i32) (i32.add (local.get 0) (global.get $who)))
  (func $f2 (param i32) (result i32) (i32.add (i32.mul (local.get 0) (i32.const 2)) (global.get $who)))
  (func $v7 (result i32) (i32.const 7))
  ;; call(slot, arg)
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "call_v") (param i32) (result i32) (call_indirect $t (type $v) (local.get 0)))
  (func (export "call_u") (param i32 i32) (result i32)
    (call_indirect $u (type $ii) (local.get 1) (local.get 0)))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0)))
  (func (export "set") (param i32 funcref) (table.set $t (local.get 0) (local.get 1)))
  (func (export "ref_v7") (result funcref) (ref.func $v7))
  (func (export "put_v7") (param i32) (table.set $t (local.get 0) (ref.func $v7)))
  (func (export "fill") (param i32 funcref i32) (table.fill $t (local.get 0) (local.get 1) (local.get 2)))
  ;; copy_u(dst in $u, src in $t, n): both tables of this instance
  (func (export "copy_u") (param i32 i32 i32) (table.copy $u $t (local.get 0) (local.get 1) (local.get 2))))
