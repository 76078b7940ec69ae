;; SPDX-License-Identifier: MIT
;; bench/cpu_micro.py: the loop alone: a counter decremented and tested (one op a time round)
;; 50,000,000 iterations of the loop; _start returns (exit 0), prints nothing.
(module
  (func (export "_start") (local $i i32)
    i32.const 50000000
    local.set $i
    (loop $l
      local.get $i
      i32.const 1
      i32.sub
      local.tee $i
      br_if $l)))
