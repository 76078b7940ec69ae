;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: run(n) loops n times through the copies a
;; site profile must name: a local copied into another (`local.get $a;
;; local.set $t`, the wasm's own copy) and locals passed to a call; returns a
;; value mixed from n (n >= 1).
(module
  (func $mix (param i32 i32 i32) (result i32)
    (i32.add (local.get 0) (i32.xor (local.get 1) (local.get 2))))
  (func (export "run") (param $n i32) (result i32) (local $a i32) (local $b i32) (local $t i32)
    (local.set $b (i32.const 5))
    (loop $l
      (local.set $t (local.get $a))
      (local.set $a (local.get $b))
      (local.set $b (call $mix (local.get $t) (local.get $n) (local.get $a)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (local.get $a) (local.get $b))))
