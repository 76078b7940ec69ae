;; SPDX-License-Identifier: MIT
;; One of everything an instance allocates (tables with elements, globals,
;; element and data segments, a 0-byte memory), for the allocator-size and
;; RAM-accounting checks of test_engine.c.
(module
  (type $t (func (result i32)))
  (memory (export "mem") 0 2)
  (table (export "tab") 2 10 funcref)
  (table (export "empty") 0 4 externref)
  (global $g (mut i32) (i32.const 7))
  (global (export "k") i64 (i64.const 9))
  (elem (table 0) (i32.const 0) func $seven $get)
  (elem $passive func $seven)
  (data $d "hello")
  (data (memory 0) (i32.const 0) "")
  (func $seven (export "seven") (result i32) (i32.const 7))
  (func $get (export "get") (result i32) (global.get $g))
  (func (export "drop") (elem.drop $passive) (data.drop $d))
  (func (export "call") (param i32) (result i32) (call_indirect (type $t) (local.get 0))))
