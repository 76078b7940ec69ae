;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: the copies no op reads. dead(n) and live(n)
;; loop n times (n >= 1) and return a sum mixed from n; each pass of dead's
;; loop puts a constant in $x that the copy of $n into $x overwrites before
;; anything reads it, where live's reads it first.
(module
  (func (export "dead") (param $n i32) (result i32) (local $x i32) (local $acc i32)
    (loop $l
      (local.set $x (i32.const 5))
      (local.set $x (local.get $n))
      (local.set $acc (i32.add (local.get $acc) (local.get $x)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func (export "live") (param $n i32) (result i32) (local $x i32) (local $acc i32)
    (loop $l
      (local.set $x (i32.const 5))
      (local.set $acc (i32.add (local.get $acc) (local.get $x)))
      (local.set $x (local.get $n))
      (local.set $acc (i32.add (local.get $acc) (local.get $x)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc)))
