;; SPDX-License-Identifier: MIT
;; Two local-to-local moves in a row are one MOVE2 (lower.c emit_copy), its
;; moves in order: the second may read what the first wrote. A label between
;; them (a loop's head) keeps them apart.
(module
  ;; l1 = x; l2 = l1: x * 1000 + x
  (func (export "chain") (param i32) (result i32) (local i32 i32)
    (local.set 1 (local.get 0))
    (local.set 2 (local.get 1))
    (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))
  ;; a = b; b = a: b * 1000 + b
  (func (export "swap") (param i32 i32) (result i32)
    (local.set 0 (local.get 1))
    (local.set 1 (local.get 0))
    (i32.add (i32.mul (local.get 0) (i32.const 1000)) (local.get 1)))
  ;; the second move at a loop's head: two COPYs
  (func (export "labelled") (param i32) (result i32) (local i32 i32)
    (local.set 1 (local.get 0))
    (loop $l (local.set 2 (local.get 1)))
    (i32.add (i32.mul (local.get 1) (i32.const 1000)) (local.get 2)))
)
