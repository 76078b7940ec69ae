;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: eight independent i32 adds a time round, each into a local of its own
;; 50,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (func (export "_start") (local $i i32) (local $a i32) (local $b i32) (local $c i32) (local $d i32) (local $e i32) (local $f i32) (local $g i32) (local $h i32) (local $y i32)
    i32.const 3
    local.set $y
    i32.const 50000000
    local.set $i
    (loop $l
      local.get $a
      local.get $y
      i32.add
      local.set $a
      local.get $b
      local.get $y
      i32.add
      local.set $b
      local.get $c
      local.get $y
      i32.add
      local.set $c
      local.get $d
      local.get $y
      i32.add
      local.set $d
      local.get $e
      local.get $y
      i32.add
      local.set $e
      local.get $f
      local.get $y
      i32.add
      local.set $f
      local.get $g
      local.get $y
      i32.add
      local.set $g
      local.get $h
      local.get $y
      i32.add
      local.set $h
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
