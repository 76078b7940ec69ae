;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: run(n) loops n times through a few ops of
;; straight-line code and returns a value mixed from n (n >= 1).
(module
  (func (export "run") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (i32.xor (local.get $acc) (local.get $n)) (i32.const 7)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
