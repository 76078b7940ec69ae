;; SPDX-License-Identifier: MIT
;; An i32.add (i32.xor) whose result only the i32.add (i32.xor) right after it
;; reads, on either side (lower.c mul_fused): I32_ADD3 (I32_XOR3) "d a b c".
;; `add4` makes one fused op and one plain add (the fused op does not fuse
;; again); `add_tee` (the sum also kept in a local), `xor_add` (two different
;; ops) and `xor64` (i64) stay apart.
(module
  (func (export "add3") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "add3_right") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.add (local.get 0) (local.get 1))))
  (func (export "xor3") (param i32 i32 i32) (result i32)
    (i32.xor (i32.xor (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "xor3_right") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 2) (i32.xor (local.get 0) (local.get 1))))
  (func (export "add4") (param i32 i32 i32) (result i32)
    (i32.add (i32.add (i32.add (local.get 0) (local.get 1)) (local.get 2)) (local.get 0)))
  (func (export "add_tee") (param i32 i32 i32) (result i32) (local i32)
    (i32.sub (i32.add (local.tee 3 (i32.add (local.get 0) (local.get 1))) (local.get 2)) (local.get 3)))
  (func (export "xor_add") (param i32 i32 i32) (result i32)
    (i32.add (i32.xor (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "xor64") (param i64 i64 i64) (result i64)
    (i64.xor (i64.xor (local.get 0) (local.get 1)) (local.get 2)))
)
