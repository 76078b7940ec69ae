;; SPDX-License-Identifier: MIT
;; tests/host/test_images.py: a small module whose precompiled image the
;; tests take apart (bad images): a global, a loop, a direct and an indirect
;; call, memory with a data segment, a table with an element segment.
(module
  (type $ii (func (param i32) (result i32)))
  (global $g (mut i32) (i32.const 5))
  (memory (export "memory") 1)
  (data (i32.const 16) "image")
  (table 2 funcref)
  (elem (i32.const 0) $double $sum)
  (func $double (type $ii) (i32.mul (local.get 0) (i32.const 2)))
  ;; 0 + 1 + ... + n-1, plus the global
  (func $sum (export "sum") (param $n i32) (result i32)
    (local $i i32) (local $acc i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $acc (i32.add (local.get $acc) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.add (local.get $acc) (global.get $g)))
  (func (export "twice") (param i32) (result i32) (call $double (local.get 0)))
  (func (export "via_table") (param i32 i32) (result i32)
    (call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "peek") (param i32) (result i32) (i32.load8_u (local.get 0))))
