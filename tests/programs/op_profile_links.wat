;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: two functions, each a loop of n passes over
;; eight i32 ops: `chain` (each op reads the value the one before left on
;; the stack: a value passed from op to op) and `apart` (each op adds into or
;; subtracts from a local of its own, in turn, so no two neighbours are one
;; row (I32_ADD_I32_ADD): nothing it reads did the op before write). n >= 1.
(module
  (func (export "chain") (param $n i32) (result i32) (local $x i32) (local $y i32)
    (local.set $y (i32.const 3))
    (loop $l
      (local.set $x
        (i32.xor (i32.add (i32.xor (i32.add (i32.xor (i32.add (i32.xor (i32.add
          (local.get $x) (local.get $y)) (local.get $y)) (local.get $y)) (local.get $y))
          (local.get $y)) (local.get $y)) (local.get $y)) (local.get $y)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $x))
  (func (export "apart") (param $n i32) (result i32) (local $y i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (local.set $y (i32.const 3))
    (loop $m
      (local.set $a (i32.add (local.get $a) (local.get $y)))
      (local.set $b (i32.sub (local.get $b) (local.get $y)))
      (local.set $c (i32.add (local.get $c) (local.get $y)))
      (local.set $d (i32.sub (local.get $d) (local.get $y)))
      (local.set $e (i32.add (local.get $e) (local.get $y)))
      (local.set $f (i32.sub (local.get $f) (local.get $y)))
      (local.set $g (i32.add (local.get $g) (local.get $y)))
      (local.set $h (i32.sub (local.get $h) (local.get $y)))
      (br_if $m (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.add (local.get $a) (local.get $h))))
