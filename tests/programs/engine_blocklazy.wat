;; SPDX-License-Identifier: MIT
;; Values under a block's parameters left where they are (lower.c
;; lazy_under, full profile): a local's read or a constant under a block,
;; loop or if is not copied at its entry; a block that writes such a local
;; makes the function lowered again with the copy at every entry
;; (save_read), so the read still gives the old value.
(module
  ;; x + (if c then y else y * 2): x read under the if, not written in it
  (func (export "under_if") (param i32 i32 i32) (result i32)
    (i32.add (local.get 0)
      (if (result i32) (local.get 1)
        (then (local.get 2))
        (else (i32.mul (local.get 2) (i32.const 2))))))
  ;; x + (block: x = x * 3; x): the block writes x, read under it: the old x
  (func (export "under_written") (param i32) (result i32)
    (i32.add (local.get 0)
      (block (result i32)
        (local.set 0 (i32.mul (local.get 0) (i32.const 3)))
        (local.get 0))))
  ;; the same through a loop that counts x down to 0: old x + 0 ... the sum
  (func (export "under_loop") (param i32) (result i32) (local i32)
    (i32.add (local.get 0)
      (block (result i32)
        (loop
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
          (br_if 0))
        (local.get 1))))
  ;; a constant under a block: 1000 + (c ? a : b)
  (func (export "under_const") (param i32 i32 i32) (result i32)
    (i32.add (i32.const 1000)
      (block (result i32)
        (br_if 0 (local.get 1) (local.get 0))
        (drop)
        (local.get 2))))
)
