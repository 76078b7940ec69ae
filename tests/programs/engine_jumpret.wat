;; SPDX-License-Identifier: MIT
;; Jumps to a return (lower.c jump_returns): the then-arm's jump over the
;; else-arm to the function's end, whose RETURN1 it becomes (`pick`: one
;; result; `cmp3`: a comparator's -1 / 1 / 0 through nested arms), whose
;; RETURN0 it becomes in a function with no result (`store`: the arm's
;; store, then RETURN0 and an UNREACHABLE nothing reaches), and a jump to
;; another op than a return, which stays (`after`: the if's value is used
;; before the end).
(module
  (memory 1)
  (func (export "pick") (param i32 i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (local.get 1) (i32.const 7)))
      (else (i32.mul (local.get 1) (i32.const 3)))))
  (func (export "cmp3") (param i32 i32) (result i32)
    (if (result i32) (i32.lt_s (local.get 0) (local.get 1))
      (then (i32.const -1))
      (else
        (if (result i32) (i32.gt_s (local.get 0) (local.get 1))
          (then (i32.const 1))
          (else (i32.const 0))))))
  (func (export "store") (param i32 i32)
    (if (local.get 0)
      (then (i32.store (i32.const 16) (local.get 1)))
      (else (i32.store (i32.const 16) (i32.sub (i32.const 0) (local.get 1))))))
  (func (export "load") (result i32) (i32.load (i32.const 16)))
  (func (export "after") (param i32 i32) (result i32)
    (i32.xor
      (if (result i32) (local.get 0)
        (then (i32.add (local.get 1) (i32.const 7)))
        (else (i32.mul (local.get 1) (i32.const 3))))
      (i32.const 0x55))))
