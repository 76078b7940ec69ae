;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: call4 with a callee that loops a data-dependent 1 to 4 times (x's low bits) before it returns: the return's target further back in the branch history
;; 20,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (func $f (param $x i32) (result i32) (local $n i32)
    local.get $x
    i32.const 3
    i32.and
    local.set $n
    (loop $k
      local.get $x
      i32.const 1
      i32.shl
      local.get $x
      i32.const 30
      i32.shr_u
      i32.xor
      local.set $x
      local.get $n
      i32.const 1
      i32.sub
      local.tee $n
      i32.const 0
      i32.ge_s
      br_if $k)
    local.get $x
    i32.const 0x9e3779b9
    i32.add)
  (func (export "_start") (local $i i32) (local $x i32)
    i32.const 20000000
    local.set $i
    (loop $l
      local.get $x
      call $f
      local.set $x
      local.get $x
      call $f
      local.set $x
      local.get $x
      call $f
      local.set $x
      local.get $x
      call $f
      local.set $x
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
