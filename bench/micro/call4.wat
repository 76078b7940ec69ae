;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: four calls a time round of one small function, each from a call site of its own, each call's argument the one before's result (x = f(f(f(f(x)))))
;; 20,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (func $f (param $x i32) (result i32)
    local.get $x
    i32.const 7
    i32.xor)
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
