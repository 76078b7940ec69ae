;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: four dependent i32 loads a time round (memory[0] = 0: p = load(p))
;; 50,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (memory (export "memory") 1)
  (func (export "_start") (local $i i32) (local $p i32)
    i32.const 50000000
    local.set $i
    (loop $l
      local.get $p
      i32.load
      local.set $p
      local.get $p
      i32.load
      local.set $p
      local.get $p
      i32.load
      local.set $p
      local.get $p
      i32.load
      local.set $p
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
