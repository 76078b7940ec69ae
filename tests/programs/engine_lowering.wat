;; SPDX-License-Identifier: MIT
;; Lowering's optimisations against their edge cases (tests/engine/test_engine.c
;; test_lowering): which locals a call zeroes (definite assignment), I32_ADD_MUL,
;; RETURN straight from a local.
(module
  ;; leaves 123 in the value-stack slots the next callee's locals will use
  (func $dirty (local i32 i32 i32 i32 i32 i32)
    (local.set 0 (i32.const 123)) (local.set 1 (i32.const 123)) (local.set 2 (i32.const 123))
    (local.set 3 (i32.const 123)) (local.set 4 (i32.const 123)) (local.set 5 (i32.const 123)))
  ;; assigned in the then arm only: 0 when c is 0
  (func $if_arm (param i32) (result i32) (local i32)
    (if (local.get 0) (then (local.set 1 (i32.const 99))))
    (local.get 1))
  ;; assigned in the else arm only: 0 when c is not 0
  (func $else_arm (param i32) (result i32) (local i32)
    (if (local.get 0) (then (nop)) (else (local.set 1 (i32.const 98))))
    (local.get 1))
  ;; a branch leaves the block before the assignment: 0 when c is not 0
  (func $block_br (param i32) (result i32) (local i32)
    (block (br_if 0 (local.get 0)) (local.set 1 (i32.const 7)))
    (local.get 1))
  ;; the assignment in a block without branches and in a loop's body stay
  ;; assigned after them; read before the write at the top: 0
  (func $straight (param i32) (result i32) (local i32 i32 i32)
    (local.set 3 (local.get 1))
    (block (local.set 1 (i32.const 1000)))
    (loop (local.set 2 (i32.const 200)))
    (i32.add (i32.add (local.get 1) (local.get 2)) (local.get 3)))
  ;; a loop whose second iteration reads what the first wrote: 0 on the first
  (func $loop_carried (result i32) (local i32 i32)
    (loop $l
      (local.set 1 (i32.add (local.get 1) (i32.const 1)))
      (local.set 0 (i32.add (i32.mul (local.get 0) (i32.const 10)) (local.get 1)))
      (br_if $l (i32.lt_u (local.get 1) (i32.const 3))))
    (local.get 0))
  (func (export "zero_if") (param i32) (result i32) (call $dirty) (call $if_arm (local.get 0)))
  (func (export "zero_else") (param i32) (result i32) (call $dirty) (call $else_arm (local.get 0)))
  (func (export "zero_block") (param i32) (result i32) (call $dirty) (call $block_br (local.get 0)))
  (func (export "zero_straight") (param i32) (result i32) (call $dirty) (call $straight (local.get 0)))
  (func (export "zero_loop") (result i32) (call $dirty) (call $loop_carried))
  ;; a + (b << 34): the shift count is taken mod 32
  (func (export "add_shl") (param i32 i32) (result i32)
    (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 34))))
  ;; constant shift and rotate counts are taken mod 32 (at lowering, into the _IMM op)
  (func (export "shl_33") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 33)))
  (func (export "shl_32") (param i32) (result i32) (i32.shl (local.get 0) (i32.const 32)))
  (func (export "shr_s_63") (param i32) (result i32) (i32.shr_s (local.get 0) (i32.const 63)))
  (func (export "shr_u_m1") (param i32) (result i32) (i32.shr_u (local.get 0) (i32.const -1)))
  (func (export "rotl_36") (param i32) (result i32) (i32.rotl (local.get 0) (i32.const 36)))
  (func (export "rotl_32") (param i32) (result i32) (i32.rotl (local.get 0) (i32.const 32)))
  (func (export "rotr_33") (param i32) (result i32) (i32.rotr (local.get 0) (i32.const 33)))
  (func (export "rotr_0") (param i32) (result i32) (i32.rotr (local.get 0) (i32.const 0)))
  ;; (b << 31) + a, the shifted operand first
  (func (export "shl31_add") (param i32 i32) (result i32)
    (i32.add (i32.shl (local.get 1) (i32.const 31)) (local.get 0)))
  ;; b * 0x40000001 + a wraps
  (func (export "mul_add") (param i32 i32) (result i32)
    (i32.add (i32.mul (local.get 1) (i32.const 0x40000001)) (local.get 0)))
  ;; the shifted value is also kept in a local (no fusion): both used
  (func (export "shl_tee_add") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.add (local.get 0) (local.tee 2 (i32.shl (local.get 1) (i32.const 3)))) (local.get 2)))
  ;; a branch to the function's end leaves 9; falling off it returns local 1
  (func (export "ret_local") (param i32) (result i32) (local i32)
    (local.set 1 (i32.const 5))
    (br_if 0 (i32.const 9) (local.get 0))
    (drop)
    (local.get 1))
  ;; return of a parameter, explicit
  (func (export "ret_param") (param i32 i32) (result i32)
    (return (local.get 1)))
  ;; one result written by the instruction right before the return: it
  ;; writes slot 0 and RETURN0 returns it (lower.c emit_return), here onto
  ;; one of its own operands (local 0 is the subtrahend); an explicit return
  ;; in a block; a 64-bit product; and a return where a branch lands, whose
  ;; value is not the last instruction's (stays RETURN1)
  (func (export "ret_sub") (param i32 i32) (result i32)
    (i32.sub (local.get 1) (local.get 0)))
  (func (export "ret_explicit") (param i32 i32) (result i32)
    (if (local.get 0) (then (return (i32.mul (local.get 0) (local.get 1)))))
    (i32.const 3))
  (func (export "ret_widen") (param i32 i32) (result i64)
    (i64.mul (i64.extend_i32_u (local.get 1)) (i64.extend_i32_u (local.get 0))))
  (func (export "ret_join") (param i32) (result i32)
    (br_if 0 (i32.const 7) (local.get 0))
    (drop)
    (i32.add (local.get 0) (i32.const 100)))
  ;; a block's and a loop's end that no branch names bind no label (lower.c
  ;; patch_chain): the producer before each end writes local 1 itself (the
  ;; local.set after the end retargets it, no COPY); a block with a br_if to
  ;; its end joins two paths there, and its value is copied into local 1
  (func (export "end_free") (param i32) (result i32) (local i32)
    (local.set 1 (block (result i32) (i32.add (local.get 0) (i32.const 5))))
    (local.set 1 (loop (result i32) (i32.mul (local.get 1) (local.get 0))))
    (local.get 1))
  (func (export "end_joined") (param i32) (result i32) (local i32)
    (local.set 1 (block (result i32)
      (drop (br_if 0 (i32.const 7) (local.get 0)))
      (i32.add (local.get 0) (i32.const 5))))
    (local.get 1))
  ;; fused branches: x & K tested by br_if and by if (BR_ANDNZ / BR_ANDZ; the
  ;; forms through i32.eqz, == 0 and != 0 stay a compare-and-branch), and
  ;; loop counters kept in a local and tested by br_if, forward and back
  (func (export "and_br") (param i32) (result i32)
    (block (br_if 0 (i32.and (local.get 0) (i32.const 4))) (return (i32.const 1)))
    (i32.const 2))
  (func (export "and_eqz_br") (param i32) (result i32)
    (block (br_if 0 (i32.eqz (i32.and (local.get 0) (i32.const 4)))) (return (i32.const 1)))
    (i32.const 2))
  (func (export "and_eq0_br") (param i32) (result i32)
    (block (br_if 0 (i32.eq (i32.and (local.get 0) (i32.const 6)) (i32.const 0))) (return (i32.const 1)))
    (i32.const 2))
  (func (export "and_ne0_if") (param i32) (result i32)
    (if (result i32) (i32.ne (i32.and (local.get 0) (i32.const 6)) (i32.const 0))
      (then (i32.const 3)) (else (i32.const 4))))
  (func (export "and_if") (param i32) (result i32)
    (if (result i32) (i32.and (local.get 0) (i32.const 0x80000000))
      (then (i32.const 5)) (else (i32.const 6))))
  (func (export "and_eq1_br") (param i32) (result i32)
    (block (br_if 0 (i32.eq (i32.and (local.get 0) (i32.const 6)) (i32.const 2))) (return (i32.const 1)))
    (i32.const 2))
  ;; n iterations of a sub-by-1 counter kept in a local (0 afterwards), plus
  ;; 100 times a counter that counts up by 2 from -2n to 0 through a temp
  (func (export "countdown") (param i32) (result i32) (local i32 i32)
    (local.set 1 (local.get 0))
    (loop $l
      (local.set 2 (i32.add (local.get 2) (i32.const 1)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.set 0 (i32.mul (local.get 0) (i32.const -2)))
    (loop $m
      (local.set 2 (i32.add (local.get 2) (i32.const 100)))
      (br_if $m (local.tee 0 (i32.add (local.get 0) (i32.const 2)))))
    (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
  ;; forward: leaves the block unless x + 1 is 0
  (func (export "inc_fwd") (param i32) (result i32)
    (block (br_if 0 (i32.add (local.get 0) (i32.const 1))) (return (i32.const 7)))
    (i32.const 8))
  ;; a bit test through i32.eqz whose and is also kept in a local: not fused
  ;; away (the local must still be written)
  (func (export "and_tee_eqz") (param i32) (result i32) (local i32)
    (block (br_if 0 (i32.eqz (local.tee 1 (i32.and (local.get 0) (i32.const 6)))))
      (return (i32.add (local.get 1) (i32.const 100))))
    (local.get 1))
  ;; Definite assignment across a block's branches out (lower.c leave_sets):
  ;; assigned before each branch out and on the way to the end, clang's
  ;; memcpy shape: c 0 -> 8, 1 -> 5, else 6, and the call zeroes nothing
  (func $block_late (export "block_late") (param i32) (result i32) (local i32)
    (block $out
      (block $in
        (br_if $in (i32.eqz (local.get 0)))
        (local.set 1 (i32.const 5))
        (br_if $out (i32.eq (local.get 0) (i32.const 1)))
        (local.set 1 (i32.const 6))
        (br $out))
      (local.set 1 (i32.const 8)))
    (local.get 1))
  ;; local 1 assigned before the branch out, local 2 after it: c -> 10 + 0
  (func $block_partial (param i32) (result i32) (local i32 i32)
    (block $out
      (local.set 1 (i32.const 10))
      (br_if $out (local.get 0))
      (local.set 2 (i32.const 20)))
    (i32.add (local.get 1) (local.get 2)))
  ;; $out's branch has local 2 assigned, not 3; $in forgets 2 (its branch
  ;; comes first) and 3 is assigned after it: 3 still reads 0 on the branch's
  ;; path, 2 on $in's. (a, b) -> 2 + 3 * 10: (0, 1) 40, (1, 0) 1, (0, 0) 41
  (func $block_clamp (param i32 i32) (result i32) (local i32 i32)
    (block $out
      (block $in
        (br_if $in (local.get 1))
        (local.set 2 (i32.const 1))
        (br_if $out (local.get 0)))
      (local.set 3 (i32.const 4)))
    (i32.add (local.get 2) (i32.mul (local.get 3) (i32.const 10))))
  (func (export "zero_late") (param i32) (result i32) (call $dirty) (call $block_late (local.get 0)))
  (func (export "zero_partial") (param i32) (result i32) (call $dirty) (call $block_partial (local.get 0)))
  (func (export "zero_clamp") (param i32 i32) (result i32) (call $dirty)
    (call $block_clamp (local.get 0) (local.get 1)))
)
