;; SPDX-License-Identifier: MIT
;; Sums rotated by a constant (mw_int.h MW_ADD_ROT_OP_LIST): an i32.add whose
;; result only the rotation by a constant right after it reads (I32_ADD_ROTL
;; "d a b k", d = rotl(a + b, k), a rotr as the rotl by 32 - k); that
;; rotation's result read only by an i32.xor or i32.add right after it, either
;; side (I32_ADD_ROTL_XOR, I32_ADD_ROTL_ADD "d a b c k"); a rotation by a
;; constant read only by an i32.add, either side (I32_ROTL_ADD "d a b k").
;; Counts taken mod 32. A sum kept in a local (tee), a rotation by a
;; parameter, an i64 sum and a sub stay apart.
(module
  ;; rotl(a + b, k)
  (func (export "arotl7") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 7)))
  (func (export "arotl0") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 64)))
  (func (export "arotr13") (param i32 i32 i32) (result i32)
    (i32.rotr (i32.add (local.get 0) (local.get 1)) (i32.const 13)))
  (func (export "arotl31") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 31)))
  ;; Salsa20: c ^ rotl(a + b, k), the xor on either side
  (func (export "salsa7") (param i32 i32 i32) (result i32)
    (i32.xor (local.get 2) (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 7))))
  (func (export "salsa18") (param i32 i32 i32) (result i32)
    (i32.xor (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 18)) (local.get 2)))
  (func (export "salsa_r0") (param i32 i32 i32) (result i32)
    (i32.xor (i32.rotr (i32.add (local.get 0) (local.get 1)) (i32.const 32)) (local.get 2)))
  ;; MD5: b + rotl(a + f, s), the add on either side; a rotr by 33
  (func (export "md5_7") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.rotl (i32.add (local.get 0) (local.get 1)) (i32.const 7))))
  (func (export "md5_r33") (param i32 i32 i32) (result i32)
    (i32.add (i32.rotr (i32.add (local.get 0) (local.get 1)) (i32.const 33)) (local.get 2)))
  ;; SHA-1: rotl(a, 5) + b, the add on either side; a rotr
  (func (export "sha1_5") (param i32 i32 i32) (result i32)
    (i32.add (i32.rotl (local.get 0) (i32.const 5)) (local.get 1)))
  (func (export "sha1_r2") (param i32 i32 i32) (result i32)
    (i32.add (local.get 1) (i32.rotr (local.get 0) (i32.const 2))))
  (func (export "sha1_0") (param i32 i32 i32) (result i32)
    (i32.add (i32.rotl (local.get 0) (i32.const 96)) (local.get 1)))
  ;; a Salsa20 quarter round of (a, b, c, a ^ c), the four words xored together
  (func (export "quarter") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3 (i32.xor (local.get 0) (local.get 2)))
    (local.set 1 (i32.xor (local.get 1) (i32.rotl (i32.add (local.get 0) (local.get 3)) (i32.const 7))))
    (local.set 2 (i32.xor (local.get 2) (i32.rotl (i32.add (local.get 1) (local.get 0)) (i32.const 9))))
    (local.set 3 (i32.xor (local.get 3) (i32.rotl (i32.add (local.get 2) (local.get 1)) (i32.const 13))))
    (local.set 0 (i32.xor (local.get 0) (i32.rotl (i32.add (local.get 3) (local.get 2)) (i32.const 18))))
    (i32.xor (i32.xor (local.get 0) (local.get 1)) (i32.xor (local.get 2) (local.get 3))))
  ;; stay apart: the sum teed, a rotation by a parameter, a sub, an i64 sum
  (func (export "arot_tee") (param i32 i32 i32) (result i32) (local i32)
    (i32.xor (i32.rotl (local.tee 3 (i32.add (local.get 0) (local.get 1))) (i32.const 7)) (local.get 3)))
  (func (export "arot_var") (param i32 i32 i32) (result i32)
    (i32.xor (i32.rotl (i32.add (local.get 0) (local.get 1)) (local.get 2)) (local.get 2)))
  (func (export "srot") (param i32 i32 i32) (result i32)
    (i32.xor (i32.rotl (i32.sub (local.get 0) (local.get 1)) (i32.const 7)) (local.get 2)))
  (func (export "rot_sub") (param i32 i32 i32) (result i32)
    (i32.sub (i32.rotl (local.get 0) (i32.const 7)) (local.get 1)))
  (func (export "a64rot") (param i64 i64 i64) (result i64)
    (i64.xor (i64.rotl (i64.add (local.get 0) (local.get 1)) (i64.const 7)) (local.get 2)))
)
