;; SPDX-License-Identifier: MIT
;; tests/engine/test_guard.c's module: memory 0's loads and stores at every
;; width, the widest offset, memory.grow, a loop whose loads the lowering
;; fuses (its trap inside a fused row), and a host call back into wasm.
;; Built by tests/host/test_guard_pages.py with wat2wasm.
(module
  (import "env" "mem" (memory 1 3))
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (func (export "ld8u") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ld8s") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "ld16u") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "ld16s") (param i32) (result i64) (i64.load16_s (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "ld32s") (param i32) (result i64) (i64.load32_s (local.get 0)))
  (func (export "ld64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "ldf64") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "ldfar") (param i32) (result i32) (i32.load offset=4294967295 (local.get 0)))
  (func (export "ldoff") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "st8") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func (export "st16") (param i32 i32) (i32.store16 (local.get 0) (local.get 1)))
  (func (export "st32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "st64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  (func (export "stf32") (param i32 f32) (f32.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  ;; the sum of n words from p, then each word incremented in place
  (func (export "sum") (param $p i32) (param $n i32) (result i32) (local $s i32) (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s)
          (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2))))))
        (i32.store (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))
          (i32.add (i32.load (i32.add (local.get $p) (i32.shl (local.get $i) (i32.const 2)))) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))
  ;; the host function, which calls "ld32" back with a, then a load of its own
  (func (export "nested") (param $a i32) (param $b i32) (result i32)
    (i32.add (call $cb (local.get $a)) (i32.load (local.get $b))))
)
