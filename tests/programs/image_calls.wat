;; SPDX-License-Identifier: MIT
;; tests/host/test_images.py: a module whose image holds a COPY2 (two
;; arguments moved into place by one op) and a BR_TABLE_JMP (a br_table of
;; forward jumps only), for the bad-image cases of those two ops.
(module
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  ;; the arguments swapped: slots 2, 3 <- locals 1, 0 (COPY2 2 1 0; 4 slots)
  (func (export "swap_sub") (param i32 i32) (result i32) (call $sub (local.get 1) (local.get 0)))
  ;; 0 -> 10, anything else -> 20
  (func (export "pick") (param i32) (result i32)
    (block $b
      (block $a
        (br_table $a $b $b (local.get 0)))
      (return (i32.const 10)))
    (i32.const 20)))
