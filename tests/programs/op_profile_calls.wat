;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: run(n) loops n times (n >= 1) through a
;; call of $outer, which calls the leaf $inner twice; returns a value mixed
;; from n. The callee profile must count 2n returns of a leaf of a few ops
;; and n of a function that calls.
(module
  (func $inner (param i32) (result i32)
    (i32.xor (local.get 0) (i32.const 0x5a)))
  (func $outer (param i32) (result i32)
    (i32.add (call $inner (local.get 0)) (call $inner (i32.add (local.get 0) (i32.const 1)))))
  (func (export "run") (param $n i32) (result i32) (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (call $outer (local.get $n))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
