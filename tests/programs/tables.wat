;; SPDX-License-Identifier: MIT
;; An exported funcref table (2..10) with one element set, and call_indirect on it.
(module
  (table $t (export "tab") 2 10 funcref)
  (func $f11 (export "f11") (result i32) i32.const 11)
  (func $f22 (export "f22") (result i32) i32.const 22)
  (elem (i32.const 0) $f11)
  (func (export "call") (param i32) (result i32) local.get 0 call_indirect (result i32))
  (func (export "size") (result i32) table.size $t)
)
