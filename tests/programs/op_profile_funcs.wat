;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: run(n) (n >= 1, no name of its own) loops
;; n times through one call of $twice and one of $thrice; $twice calls $leaf
;; twice, $thrice three times. The ops by function must give $leaf five
;; calls' worth a pass, and the name section must name $leaf, $twice and
;; $thrice.
(module
  (func $leaf (param i32) (result i32)
    (i32.xor (local.get 0) (i32.const 0x5a)))
  (func $twice (param i32) (result i32)
    (i32.add (call $leaf (local.get 0)) (call $leaf (local.get 0))))
  (func $thrice (param i32) (result i32)
    (i32.add (i32.add (call $leaf (local.get 0)) (call $leaf (local.get 0))) (call $leaf (local.get 0))))
  (func (export "run") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.add (call $twice (local.get $n)) (call $thrice (local.get $n)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
