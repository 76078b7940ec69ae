;; SPDX-License-Identifier: MIT
;; An i32 add of a constant right before a compare-and-branch (a loop's
;; `i += k` and its test): lower.c narrow_imm makes the pair one op,
;; I32_ADD_IMMH_BR (mw_int.h MW_ADDBR_FUSED), whose handler does the branch
;; after it without a dispatch. Each function runs a loop from `a` whose
;; sum of the counter's values weighs every iteration, so a wrong count, a
;; wrong add or a branch the wrong way shows: `ne` (i += 3 while i != b),
;; `lt_s` (i += 1 while i <s b: negative bounds), `lt_u` (p += 4 while p <u
;; b), `ge_u` (a forward exit when i += k reaches b: k a parameter's own
;; add, the branch out of a block), `ne_k` (i += 2 while i != 1000),
;; `lt_u_k` (i += 7 while i <u 1000), `gt_u_k` (i -= 3 while i >u 10),
;; `gt_u_kneg` (i -= 3 while i >u -16: a bound whose 16 bits sign-extend),
;; `add_nz` (p += 4, then the count n-- while non-zero: BR_ADD_NZ), `other`
;; (the branch reads another counter than the add writes; the sum weighs
;; the counter after its add), `land` (a br_if
;; that lands on the branch, the add skipped while i & c: the branch
;; alone; c halves each iteration), `switch` (a br_table on i - 5 picks one
;; of three cases or the default each iteration: I32_ADD_IMMH_BR_TABLE_JMP),
;; `switch_land` (the br_table's index a block's value, which a br_if leaves
;; with 1 while i & c: the br_table alone), `ne_second` (i += 3 while b != i:
;; the add's d the compare's second operand, which lowering puts first),
;; `ge_u_second` (a forward exit when b >= i + k: not a row, the branch's
;; first slot another than the add's d; format 62).
(module
  (func (export "ne") (param i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 3))) (local.get 1))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "lt_s") (param i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.lt_s (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (local.get 1))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "lt_u") (param i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 4))) (local.get 1))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "ge_u") (param i32 i32) (result i32)
    (local $s i32)
    (block
      (loop
        (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
        (br_if 1 (i32.ge_u (local.tee 0 (i32.add (local.get 0) (i32.const 5))) (local.get 1)))
        (br 0)))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "ne_k") (param i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 2))) (i32.const 1000))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "lt_u_k") (param i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 7))) (i32.const 1000))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "gt_u_k") (param i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.gt_u (local.tee 0 (i32.sub (local.get 0) (i32.const 3))) (i32.const 10))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "gt_u_kneg") (param i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.gt_u (local.tee 0 (i32.sub (local.get 0) (i32.const 3))) (i32.const -16))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "add_nz") (param i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (local.set 0 (i32.add (local.get 0) (i32.const 4)))
      (br_if 0 (local.tee 1 (i32.add (local.get 1) (i32.const -1)))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "other") (param i32 i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set 0 (i32.add (local.get 0) (i32.const 1)))
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (local.set 2 (i32.add (local.get 2) (i32.const 9)))
      (br_if 0 (i32.lt_u (local.get 0) (local.get 1))))
    (i32.xor (local.get $s) (local.get 2)))
  (func (export "land") (param i32 i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (local.set 2 (i32.shr_u (local.get 2) (i32.const 1)))
      (block
        (br_if 0 (i32.and (local.get 0) (local.get 2)))
        (local.set 0 (i32.add (local.get 0) (i32.const 3))))
      (br_if 0 (i32.lt_u (local.get 0) (local.get 1))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "switch") (param $i i32) (param $n i32) (result i32)
    (local $s i32)
    (loop $top
      (block $end
        (block $d
          (block $c2
            (block $c1
              (block $c0
                (br_table $c0 $c1 $c2 $d (i32.sub (local.get $i) (i32.const 5))))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br $end))
            (local.set $s (i32.mul (local.get $s) (i32.const 3)))
            (br $end))
          (local.set $s (i32.xor (local.get $s) (local.get $i)))
          (br $end))
        (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get $i))))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.xor (local.get $s) (local.get $i)))
  (func (export "switch_land") (param $i i32) (param $n i32) (param $c i32) (result i32)
    (local $s i32)
    (loop $top
      (block $end
        (block $d
          (block $c1
            (block $c0
              (br_table $c0 $c1 $d
                (block (result i32)
                  (drop (br_if 0 (i32.const 1) (i32.and (local.get $i) (local.get $c))))
                  (i32.sub (local.get $i) (i32.const 7)))))
              (local.set $s (i32.add (local.get $s) (i32.const 1)))
              (br $end))
            (local.set $s (i32.mul (local.get $s) (i32.const 3)))
            (br $end))
          (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get $i))))
      (br_if $top (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1))) (local.get $n))))
    (i32.xor (local.get $s) (local.get $i)))
  (func (export "ne_second") (param i32 i32) (result i32)
    (local $s i32)
    (loop
      (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
      (br_if 0 (i32.ne (local.get 1) (local.tee 0 (i32.add (local.get 0) (i32.const 3))))))
    (i32.xor (local.get $s) (local.get 0)))
  (func (export "ge_u_second") (param i32 i32) (result i32)
    (local $s i32)
    (block
      (loop
        (local.set $s (i32.add (i32.rotl (local.get $s) (i32.const 5)) (local.get 0)))
        (br_if 1 (i32.ge_u (local.get 1) (local.tee 0 (i32.add (local.get 0) (i32.const 5)))))
        (br 0)))
    (i32.xor (local.get $s) (local.get 0))))
