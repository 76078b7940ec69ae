;; SPDX-License-Identifier: MIT
;; call_indirect through tables the module defines (mw_int.h
;; CALL_INDIRECT_OWN: no test of the table's owner): each kind of entry (a
;; defined function of either type index that names its type, another
;; instance's function placed by the embedder, none) and each trap (an index
;; past the table, an empty entry, another type), a second table (tableidx
;; 1), recursion through the table to the stack's limit.
(module
  (type $ii (func (param i32) (result i32)))
  (type $ii2 (func (param i32) (result i32)))   ;; $ii again: another index, one type
  (type $iii (func (param i32 i32) (result i32)))
  (table $t (export "t") 6 funcref)
  (table $u 2 funcref)
  (elem (table $t) (i32.const 0) func $inc $dbl $sub $down)
  (elem (table $u) (i32.const 1) func $inc)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $dbl (type $ii2) (i32.shl (local.get 0) (i32.const 1)))
  (func $sub (type $iii) (i32.sub (local.get 0) (local.get 1)))
  ;; n levels down through entry 3: n
  (func $down (type $ii)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1)
        (call_indirect $t (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 3))))
      (else (i32.const 0))))
  (func (export "inc") (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func (export "call1") (param $x i32) (param $i i32) (result i32)
    (call_indirect $t (type $ii) (local.get $x) (local.get $i)))
  (func (export "call1b") (param $x i32) (param $i i32) (result i32)
    (call_indirect $t (type $ii2) (local.get $x) (local.get $i)))
  (func (export "call2") (param $x i32) (param $y i32) (param $i i32) (result i32)
    (call_indirect $t (type $iii) (local.get $x) (local.get $y) (local.get $i)))
  (func (export "call_u") (param $x i32) (param $i i32) (result i32)
    (call_indirect $u (type $ii) (local.get $x) (local.get $i)))
  (func (export "down") (param i32) (result i32)
    (call_indirect $t (type $ii) (local.get 0) (i32.const 3))))
