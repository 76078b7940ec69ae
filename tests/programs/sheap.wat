;; SPDX-License-Identifier: MIT
;; Shared-heap test program (tests/host/test_sheap.py, tests/hil/test_sheap_board.py):
;; WAMR's shared_heap_malloc/free imports, loads and stores of every width at
;; any i32 address (linear memory or a heap), memory.fill/copy, grow/size.
(module
  (import "env" "shared_heap_malloc" (func $malloc (param i32) (result i32)))
  (import "env" "shared_heap_free" (func $free (param i32)))
  (memory (export "memory") 1)
  (func (export "malloc") (param i32) (result i32) (call $malloc (local.get 0)))
  (func (export "free") (param i32) (call $free (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load16") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "load32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "store16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "store32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "store64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  ;; load with a constant offset: the effective address is 33 bits, never wraps
  (func (export "load8_off") (param i32) (result i32) (i32.load8_u offset=16 (local.get 0)))
  ;; read-modify-write: add v to the i32 at a
  (func (export "add32") (param i32 i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (local.get 1))))
  (func (export "fill") (param i32 i32 i32) (memory.fill (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy") (param i32 i32 i32) (memory.copy (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  ;; first + last of n bytes at a: a call that takes a buffer without reading all of it
  (func (export "touch") (param $a i32) (param $n i32) (result i32)
    (i32.add (i32.load8_u (local.get $a))
             (i32.load8_u (i32.sub (i32.add (local.get $a) (local.get $n)) (i32.const 1)))))
  ;; sum n bytes at a (any memory): the consumer side of a pass-through
  (func (export "sum") (param $a i32) (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $l
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $l)))
    (local.get $s))
)
