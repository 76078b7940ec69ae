;; SPDX-License-Identifier: MIT
;; tests/host/test_images.py, tests/hil/test_images_board.py: a module whose
;; lowering in the full profile makes fused ops (a multiply feeding an add:
;; I32_MUL_ADD; a division by a constant: I32_DIV_S_IMM; an i64 mask:
;; I64_AND_IMM), which the small profile's engine does not run
;; (mw_config.h MW_ALL_OPS=0): its image for cortex-m is refused there, its
;; image for cortex-m-small runs.
(module
  (func (export "mad") (param i32 i32 i32) (result i32)
    (i32.add (i32.mul (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "div7") (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const 7)))
  (func (export "mask") (param i64) (result i64)
    (i64.and (local.get 0) (i64.const 0xff))))
