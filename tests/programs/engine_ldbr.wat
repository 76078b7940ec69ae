;; SPDX-License-Identifier: MIT
;; Fused load-and-branch ops (mw_int.h MW_LOAD_BR_FUSED): an i32.load8_u or
;; i32.load whose result is the operand of the conditional branch right after
;; it, in each of the branch's forms. Each function returns 1 if the branch is
;; taken, else 2; an address outside memory traps in the load's slow path.
(module
  (memory (export "mem") 1 1)
  ;; 8-bit loads, offset 1: (a + 1) compared with 7, or tested
  (func (export "eq8") (param i32) (result i32)
    (block $t
      (br_if $t (i32.eq (i32.load8_u offset=1 (local.get 0)) (i32.const 7)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "ne8") (param i32) (result i32)
    (block $t
      (br_if $t (i32.ne (i32.load8_u offset=1 (local.get 0)) (i32.const 7)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "nz8") (param i32) (result i32)
    (block $t
      (br_if $t (i32.load8_u offset=1 (local.get 0)))
      (return (i32.const 2)))
    (i32.const 1))
  ;; `if` on the value itself: taken (the then arm) if non-zero (BR_UNLESS)
  (func (export "if8") (param i32) (result i32)
    (if (result i32) (i32.load8_u offset=1 (local.get 0))
      (then (i32.const 1)) (else (i32.const 2))))
  ;; 32-bit loads, no offset
  (func (export "andnz32") (param i32) (result i32)
    (block $t
      (br_if $t (i32.and (i32.load (local.get 0)) (i32.const 0x80000001)))
      (return (i32.const 2)))
    (i32.const 1))
  ;; through i32.eqz of the i32.and (BR_ANDZ): the load two instructions back
  (func (export "andz32") (param i32) (result i32)
    (block $t
      (br_if $t (i32.eqz (i32.and (i32.load (local.get 0)) (i32.const 0x80000001))))
      (return (i32.const 2)))
    (i32.const 1))
  ;; the loaded value as the left and as the right operand of a compare with a local
  (func (export "eq32") (param i32 i32) (result i32)
    (block $t
      (br_if $t (i32.eq (i32.load (local.get 0)) (local.get 1)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "ne32_right") (param i32 i32) (result i32)
    (block $t
      (br_if $t (i32.ne (local.get 1) (i32.load (local.get 0))))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "ne32_imm") (param i32) (result i32)
    (if (result i32) (i32.eq (i32.load (local.get 0)) (i32.const -5))
      (then (i32.const 2)) (else (i32.const 1))))
  ;; the loaded value kept in a local (local.tee) and returned after the branch
  (func (export "tee32") (param i32) (result i32) (local i32)
    (block $t
      (br_if $t (i32.eqz (local.tee 1 (i32.load (local.get 0)))))
      (return (i32.add (local.get 1) (i32.const 100))))
    (i32.const 1))
  ;; a list walk: p = *p while *p != 0, counting the steps; the backward
  ;; branch polls (fuel: one unit for the call and one per back-edge)
  (func (export "walk") (param i32) (result i32) (local i32)
    (loop $next
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (local.set 0 (i32.load (local.get 0)))
      (br_if $next (i32.ne (i32.load (local.get 0)) (i32.const 0))))
    (local.get 1))
  (func (export "wr32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
)
