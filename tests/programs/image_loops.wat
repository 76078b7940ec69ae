;; SPDX-License-Identifier: MIT
;; tests/host/test_images.py: one function per kind of branch op, each a
;; forward branch taken when the function is called with 1 (1.0 for the
;; float one), so a test can turn the branch onto itself in the image: an op
;; that does not poll (BR_IF_JMP, BR_UNLESS, JMP, BR_TABLE_JMP, the float
;; compare-and-branch) must be refused at load; one that polls when it jumps
;; back (the i32 compare-and-branch, wide and 16-bit constant, two slots) is
;; accepted, and its loop then runs out of fuel.
(module
  (func (export "br_if_jmp") (param i32) (result i32)
    (block (br_if 0 (local.get 0)) (return (i32.const 7)))
    (i32.const 1))
  (func (export "unless") (param i32) (result i32)
    (if (local.get 0) (then (return (i32.const 1))))
    (i32.const 7))
  (func (export "jmp") (param i32) (result i32) (local i32)
    (if (i32.eqz (local.get 0))
      (then (local.set 1 (i32.const 7)))
      (else (local.set 1 (i32.const 1))))
    ;; an op after the if: a JMP onto a return would be the return (lower.c jump_returns)
    (i32.xor (local.get 1) (i32.const 0)))
  (func (export "table") (param i32) (result i32)
    (block (block (block (br_table 0 1 2 (local.get 0))) (return (i32.const 7))) (return (i32.const 1)))
    (i32.const 8))
  (func (export "f64_lt") (param f64) (result i32)
    (block (br_if 0 (f64.lt (local.get 0) (f64.const 2))) (return (i32.const 7)))
    (i32.const 1))
  (func (export "eq_immh") (param i32) (result i32)
    (block (br_if 0 (i32.eq (local.get 0) (i32.const 1))) (return (i32.const 7)))
    (i32.const 1))
  (func (export "ne_imm") (param i32) (result i32)
    (block (br_if 0 (i32.ne (local.get 0) (i32.const 100000))) (return (i32.const 7)))
    (i32.const 1))
  (func (export "lt_s") (param i32) (result i32)
    (block (br_if 0 (i32.lt_s (local.get 0) (i32.add (local.get 0) (i32.const 1)))) (return (i32.const 7)))
    (i32.const 1)))
