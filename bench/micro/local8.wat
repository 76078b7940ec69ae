;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: eight i32 ops a time round, each reading the local the one before wrote
;; 50,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (func (export "_start") (local $i i32) (local $x i32) (local $y i32)
    i32.const 3
    local.set $y
    i32.const 50000000
    local.set $i
    (loop $l
      local.get $x
      local.get $y
      i32.add
      local.set $x
      local.get $x
      local.get $y
      i32.xor
      local.set $x
      local.get $x
      local.get $y
      i32.add
      local.set $x
      local.get $x
      local.get $y
      i32.xor
      local.set $x
      local.get $x
      local.get $y
      i32.add
      local.set $x
      local.get $x
      local.get $y
      i32.xor
      local.set $x
      local.get $x
      local.get $y
      i32.add
      local.set $x
      local.get $x
      local.get $y
      i32.xor
      local.set $x
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
