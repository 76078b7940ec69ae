;; SPDX-License-Identifier: MIT
;; Imports engine_tab_a.wat's table and puts its own function $g in it (slot
;; 2) by its element segment: A's table then holds a function of another
;; instance. Its own table $own (slot 0: $g) and table.copy both ways test
;; copies between tables of different owners.
(module
  (type $ii (func (param i32) (result i32)))
  (import "a" "tab" (table $t 8 funcref))
  (table $own 4 funcref)
  (global $who i32 (i32.const 200))
  (elem (table $t) (i32.const 2) func $g)
  (elem (table $own) (i32.const 0) func $g)
  (func $g (export "g") (param i32) (result i32) (i32.add (local.get 0) (global.get $who)))
  (func (export "call") (param i32 i32) (result i32)
    (call_indirect $t (type $ii) (local.get 1) (local.get 0)))
  (func (export "call_own") (param i32 i32) (result i32)
    (call_indirect $own (type $ii) (local.get 1) (local.get 0)))
  (func (export "get") (param i32) (result funcref) (table.get $t (local.get 0)))
  ;; copy_in(dst in $own, src in A's table, n); copy_out(dst in A's, src in $own, n)
  (func (export "copy_in") (param i32 i32 i32) (table.copy $own $t (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_out") (param i32 i32 i32) (table.copy $t $own (local.get 0) (local.get 1) (local.get 2))))
