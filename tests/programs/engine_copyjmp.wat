;; SPDX-License-Identifier: MIT
;; A value put in a local right before a jump: lower.c jump_returns makes the
;; COPY or CONST16 before a JMP COPY_JMP or CONST16_JMP (mw_int.h), whose
;; handler jumps too (full profile). `ifelse`: the then arm's constant before
;; the jump over the else (CONST16_JMP), the else arm's copy falls through;
;; `brout`: a copy before a br out of a block (COPY_JMP); `land`: a br_if
;; lands on the JMP, which then runs alone; `toret`: the jump goes to a
;; return, which jump_returns makes of it (no row); `pair`: two constants
;; before the jump, CONST16_CONST16 runs the second (no row). The same for a
;; select's constant arm put right before it (CONST16_SELECT): `selk` on the
;; left, `selk2` on the right; no row for `sel64`, an i64's (CONST64), nor for
;; `selkk`, both (CONST16_CONST16 runs the second).
(module
  (func (export "selk") (param i32 i32) (result i32)
    (select (i32.const 7) (local.get 0) (local.get 1)))
  (func (export "selk2") (param i32 i32) (result i32)
    (select (local.get 0) (i32.const -3) (local.get 1)))
  (func (export "sel64") (param i32 i32) (result i32)
    (i32.wrap_i64 (i64.shr_u (select (i64.const -5) (i64.extend_i32_u (local.get 0)) (local.get 1)) (i64.const 1))))
  (func (export "selkk") (param i32 i32) (result i32)
    (i32.add (select (i32.const 11) (i32.const 22) (local.get 1)) (local.get 0)))
  (func (export "ifelse") (param i32) (result i32)
    (local i32)
    (if (local.get 0)
      (then (local.set 1 (i32.const 5)))
      (else (local.set 1 (i32.mul (local.get 0) (i32.const 3)))))
    (i32.add (local.get 1) (i32.const 1)))
  (func (export "brout") (param i32) (result i32)
    (local i32)
    (local.set 1 (i32.const 40))
    (block $done
      (block $zero
        (br_if $zero (i32.eqz (local.get 0)))
        (local.set 1 (local.get 0))
        (br $done))
      (local.set 1 (i32.const 77)))
    (i32.add (local.get 1) (i32.const 1)))
  (func (export "land") (param i32) (result i32)
    (local i32)
    (block $out
      (block $mid
        (local.set 1 (i32.const 3))
        (br_if $mid (local.get 0))
        (local.set 1 (i32.const 9)))
      (br $out))
    (i32.add (local.get 1) (i32.const 1)))
  (func (export "toret") (param i32) (result i32)
    (local i32)
    (block $done
      (local.set 1 (i32.const 2))
      (br_if $done (i32.eqz (local.get 0)))
      (local.set 1 (local.get 0))
      (br $done))
    (local.get 1))
  (func (export "pair") (param i32) (result i32)
    (local i32 i32)
    (block $done
      (local.set 1 (i32.const 6))
      (local.set 2 (i32.const 8))
      (br_if $done (local.get 0))
      (local.set 1 (i32.const 1))
      (local.set 2 (i32.const 2))
      (br $done))
    (i32.sub (local.get 1) (local.get 2))))
