;; SPDX-License-Identifier: MIT
;; trap_offsets.wat: traps of several kinds, some in ops lowering fuses, for
;; the wasm byte offsets a trap's message gives, compared with wasmtime's
;; (tests/host/test_trap_offsets.py). run(kind, x) calls $a -> $b -> $c ->
;; the kind's function: a trap four calls deep. Kinds: 0 unreachable, 1
;; divide by zero, 2 a load whose address is an add (a fused address op),
;; 3 a load whose value an add uses (a load fused with its use), 4 a store
;; of a sum (a fused value op), 5 an indirect call of the wrong type, 6 the
;; call stack exhausted, 7 an i64 remainder by zero after other work, 8 a
;; float conversion out of range, 9 a read-modify-write of memory.
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory 1)
  (table 4 funcref)
  (elem (i32.const 0) $unreach $div)
  (func $unreach (param i32) (result i32)
    (drop (local.get 0))
    unreachable)
  (func $div (param i32) (result i32)
    (i32.add (i32.const 1) (i32.div_s (i32.const 1000) (local.get 0))))
  (func $load_x (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 65536))))
  (func $load_use (param i32) (result i32)
    (local $s i32)
    (local.set $s (i32.add (i32.load (local.get 0)) (i32.const 7)))
    (i32.add (local.get $s) (i32.const 1)))
  (func $store_sum (param i32) (result i32)
    (i32.store (i32.const 65534) (i32.add (local.get 0) (local.get 0)))
    (i32.const 0))
  (func $indirect (param i32) (result i32)
    (call_indirect (type $v) (i32.const 1))
    (i32.const 0))
  (func $recurse (param i32) (result i32)
    (i32.add (i32.const 1) (call $recurse (i32.add (local.get 0) (i32.const 1)))))
  (func $rem64 (param i32) (result i32)
    (local $x i64)
    (local.set $x (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 3)))
    (i32.wrap_i64 (i64.rem_u (local.get $x) (i64.extend_i32_u (i32.sub (local.get 0) (local.get 0))))))
  (func $trunc (param i32) (result i32)
    (i32.trunc_f64_s (f64.mul (f64.convert_i32_s (local.get 0)) (f64.const 1e300))))
  (func $rmw (param i32) (result i32)
    (i32.store (local.get 0) (i32.add (i32.load (local.get 0)) (i32.const 1)))
    (i32.const 0))
  (func $c (param i32 i32) (result i32)
    (block $b9 (block $b8 (block $b7 (block $b6 (block $b5 (block $b4 (block $b3 (block $b2 (block $b1 (block $b0
      (br_table $b0 $b1 $b2 $b3 $b4 $b5 $b6 $b7 $b8 $b9 (local.get 0)))
      (return (call $unreach (local.get 1))))
      (return (call $div (local.get 1))))
      (return (call $load_x (local.get 1))))
      (return (call $load_use (local.get 1))))
      (return (call $store_sum (local.get 1))))
      (return (call $indirect (local.get 1))))
      (return (call $recurse (local.get 1))))
      (return (call $rem64 (local.get 1))))
      (return (call $trunc (local.get 1))))
    (call $rmw (local.get 1)))
  (func $b (param i32 i32) (result i32)
    (i32.add (call $c (local.get 0) (local.get 1)) (i32.const 2)))
  (func $a (param i32 i32) (result i32)
    (i32.sub (call $b (local.get 0) (local.get 1)) (i32.const 3)))
  (func (export "run") (param i32 i32) (result i32)
    (call $a (local.get 0) (local.get 1))))
