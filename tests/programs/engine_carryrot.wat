;; SPDX-License-Identifier: MIT
;; Bignum carries and cipher rotations (mw_int.h MW_CARRY_ROT_OP_LIST):
;; an i32.lt_u / i32.gt_u whose result only the i32.add right after it reads,
;; either side (I32_ADD_LT_U "d a b c", d = c + (a <u b)); an xor whose result
;; only the rotation by a constant right after it reads (I32_XOR_ROTL,
;; I64_XOR_ROTL "d a b k", d = rotl(a ^ b, k), a rotr as the rotl by 32 - k
;; or 64 - k); an i64 rotation by a constant whose result only the i64.xor
;; right after it reads, either side (I64_ROTL_XOR "d a b k"). Counts taken
;; mod 32 and 64. Results kept in a local (tee), a rotation by a parameter and
;; a signed compare stay apart.
(module
  ;; c + (a <u b), the compare on either side of the add
  (func (export "carry_lt") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.lt_u (local.get 0) (local.get 1))))
  (func (export "carry_gt") (param i32 i32 i32) (result i32)
    (i32.add (i32.gt_u (local.get 0) (local.get 1)) (local.get 2)))
  ;; mbedtls' MULADDC: r = s * b (64 bits); r0 = lo(r) + c; r1 = hi(r) + (r0 < c);
  ;; r0 += d; r1 += (r0 < d); returns r1 << 32 | r0
  (func (export "muladdc") (param i32 i32 i32) (result i64) (local i64 i32 i32)
    (local.set 3 (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))))
    (local.set 4 (i32.add (i32.wrap_i64 (local.get 3)) (local.get 2)))
    (local.set 5 (i32.add (i32.wrap_i64 (i64.shr_u (local.get 3) (i64.const 32)))
                          (i32.gt_u (local.get 2) (local.get 4))))
    (local.set 4 (i32.add (local.get 4) (local.get 1)))
    (local.set 5 (i32.add (local.get 5) (i32.lt_u (local.get 4) (local.get 1))))
    (i64.or (i64.shl (i64.extend_i32_u (local.get 5)) (i64.const 32)) (i64.extend_i32_u (local.get 4))))
  (func (export "carry_tee") (param i32 i32 i32) (result i32) (local i32)
    (i32.add (i32.add (local.get 2) (local.tee 3 (i32.lt_u (local.get 0) (local.get 1)))) (local.get 3)))
  (func (export "carry_signed") (param i32 i32 i32) (result i32)
    (i32.add (local.get 2) (i32.lt_s (local.get 0) (local.get 1))))
  ;; rotl(a ^ b, k)
  (func (export "xrotl16") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const 16)))
  (func (export "xrotl0") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.xor (local.get 0) (local.get 1)) (i32.const 32)))
  (func (export "xrotr7") (param i32 i32 i32) (result i32)
    (i32.rotr (i32.xor (local.get 0) (local.get 1)) (i32.const 7)))
  (func (export "xrotr33") (param i32 i32 i32) (result i32)
    (i32.rotr (i32.xor (local.get 0) (local.get 1)) (i32.const 33)))
  (func (export "xrotl_var") (param i32 i32 i32) (result i32)
    (i32.rotl (i32.xor (local.get 0) (local.get 1)) (local.get 2)))
  (func (export "xrotl_tee") (param i32 i32 i32) (result i32) (local i32)
    (i32.add (i32.rotl (local.tee 3 (i32.xor (local.get 0) (local.get 1))) (i32.const 12)) (local.get 3)))
  (func (export "x64rotr32") (param i64 i64 i64) (result i64)
    (i64.rotr (i64.xor (local.get 0) (local.get 1)) (i64.const 32)))
  (func (export "x64rotr63") (param i64 i64 i64) (result i64)
    (i64.rotr (i64.xor (local.get 0) (local.get 1)) (i64.const 63)))
  (func (export "x64rotl1") (param i64 i64 i64) (result i64)
    (i64.rotl (i64.xor (local.get 0) (local.get 1)) (i64.const 65)))
  (func (export "x64rotl0") (param i64 i64 i64) (result i64)
    (i64.rotl (i64.xor (local.get 0) (local.get 1)) (i64.const 64)))
  ;; rotl(a, k) ^ b (i64), the rotation on either side of the xor
  (func (export "rotl64x_14") (param i64 i64 i64) (result i64)
    (i64.xor (i64.rotl (local.get 0) (i64.const 14)) (local.get 1)))
  (func (export "rotr64x_28") (param i64 i64 i64) (result i64)
    (i64.xor (local.get 1) (i64.rotr (local.get 0) (i64.const 28))))
  (func (export "rotl64x_0") (param i64 i64 i64) (result i64)
    (i64.xor (i64.rotl (local.get 0) (i64.const 128)) (local.get 1)))
  (func (export "rotr64x_1") (param i64 i64 i64) (result i64)
    (i64.xor (i64.rotr (local.get 0) (i64.const 1)) (local.get 1)))
  ;; SHA-512's Sigma0: rotr 28 ^ rotr 34 ^ rotr 39
  (func (export "sigma0") (param i64 i64 i64) (result i64)
    (i64.xor (i64.xor (i64.rotr (local.get 0) (i64.const 28)) (i64.rotr (local.get 0) (i64.const 34)))
             (i64.rotr (local.get 0) (i64.const 39))))
)
