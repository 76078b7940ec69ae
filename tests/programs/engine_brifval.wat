;; SPDX-License-Identifier: MIT
;; br_if carrying a value to its label, its condition a comparison just
;; before it (lzo2's `i32.eqz`, then the constant for the block's result):
;; lower.c materialize_cond moves the comparison after the value's copy
;; into the label's slot, so that the comparison and the branch fuse (full
;; profile: BR_UNLESS, BR_GE_S_IMMH .., no I32_EQZ or I32_LT_S_IMM left);
;; the small profile keeps the comparison. Each function returns the
;; carried value when the branch is taken, another one when not.
(module
  (func (export "eqz_const") (param i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (i32.const 7) (i32.eqz (local.get 0))))
      (i32.const 9)))
  (func (export "lt_local") (param i32 i32) (result i32)
    (block (result i32)
      (drop (br_if 0 (local.get 1) (i32.lt_s (local.get 0) (i32.const 5))))
      (i32.const -1)))
  (func (export "ne_two") (param i32 i32) (result i32)
    ;; two values under the condition, the comparison on both parameters
    (block (result i32 i32)
      (br_if 0 (local.get 1) (i32.const 3) (i32.ne (local.get 0) (local.get 1)))
      (drop)
      (drop)
      (i32.const 100)
      (i32.const 1))
    (i32.add))
)
