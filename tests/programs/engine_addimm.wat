;; SPDX-License-Identifier: MIT
;; Two adds (or subtracts) of constants in a row (lower.c pair_add_imm): the
;; first becomes I32_ADD_IMM2, which runs the second too (the code check wants
;; an I32_ADD_IMM after it, format 77). `two` wraps both ways;
;; `second_reads_first` makes the second read what the first wrote; in
;; `loop` the second becomes BR_ADD_NZ and in `load` a fused address
;; (LOAD32_U_X): the first then runs alone. (Their
;; first constant does not fit 16 bits, so it stays an I32_ADD_IMM, which the
;; test pairs by hand: a 16-bit one would be an I32_ADD_IMMH, format 41.)
(module
  (memory 1 1)
  (data (i32.const 0xfff0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (func (export "two") (param i32 i32) (result i32)
    (local.set 0 (i32.add (local.get 0) (i32.const 1)))
    (local.set 1 (i32.sub (local.get 1) (i32.const 5)))
    (i32.xor (local.get 0) (i32.shl (local.get 1) (i32.const 1))))
  (func (export "second_reads_first") (param i32 i32) (result i32)
    (local.set 0 (i32.sub (local.get 0) (i32.const -2147483648)))
    (local.set 1 (i32.add (local.get 0) (i32.const 0x7fffffff)))
    (i32.sub (local.get 1) (local.get 0)))
  (func (export "loop") (param i32 i32) (result i32)
    ;; p += 0x30003 and n -= 1 until n is 0: p + 0x30003 n (n >= 1)
    (loop $l
      (local.set 0 (i32.add (local.get 0) (i32.const 0x30003)))
      (br_if $l (local.tee 1 (i32.sub (local.get 1) (i32.const 1)))))
    (local.get 0))
  (func (export "load") (param i32 i32) (result i32)
    ;; (a + 0x10001) + the word at b + 0xfff0 (b: 0, 4, 8 or 12, inside the data)
    (local.set 0 (i32.add (local.get 0) (i32.const 0x10001)))
    (i32.add (local.get 0) (i32.load (i32.add (local.get 1) (i32.const 0xfff0)))))
)
