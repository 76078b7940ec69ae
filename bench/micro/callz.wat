;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: one call a pass through a table, to one of four functions picked by a xorshift's bits, which read 0, 1, 3 and 6 locals before writing them: the locals a call zeroes change from call to call (docs/benchmarks-history.md "Calls (session 22)")
;; 20,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (type $t (func (param i32) (result i32)))
  (table 4 funcref)
  (elem (i32.const 0) $f0 $f1 $f3 $f6)
  ;; each: x * 0x9e3779b9 + (the locals read unassigned: 0) + k
  (func $f0 (param $x i32) (result i32)
    local.get $x
    i32.const 0x9e3779b9
    i32.mul)
  (func $f1 (param $x i32) (result i32) (local i32)
    local.get $x
    i32.const 0x9e3779b9
    i32.mul
    local.get 1
    i32.add)
  (func $f3 (param $x i32) (result i32) (local i32 i32 i32)
    local.get $x
    i32.const 0x9e3779b9
    i32.mul
    local.get 1
    local.get 2
    i32.add
    local.get 3
    i32.add
    i32.add)
  (func $f6 (param $x i32) (result i32) (local i32 i32 i32 i32 i32 i32)
    local.get $x
    i32.const 0x9e3779b9
    i32.mul
    local.get 1
    local.get 2
    i32.add
    local.get 3
    i32.add
    local.get 4
    i32.add
    local.get 5
    i32.add
    local.get 6
    i32.add
    i32.add)
  (func (export "_start") (local $i i32) (local $s i32) (local $x i32)
    i32.const 20000000
    local.set $i
    i32.const 0x12345678
    local.set $s
    (loop $l
      ;; s ^= s << 13; s ^= s >> 17; s ^= s << 5
      local.get $s
      local.get $s
      i32.const 13
      i32.shl
      i32.xor
      local.tee $s
      local.get $s
      i32.const 17
      i32.shr_u
      i32.xor
      local.tee $s
      local.get $s
      i32.const 5
      i32.shl
      i32.xor
      local.set $s
      local.get $x
      local.get $s
      i32.const 30
      i32.shr_u
      call_indirect (type $t)
      local.set $x
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
