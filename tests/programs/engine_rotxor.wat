;; SPDX-License-Identifier: MIT
;; A rotation by a constant whose result only the i32.xor right after it
;; reads, either side (lower.c mul_fused): I32_ROTL_XOR "d a b k", a rotr as
;; the rotl by 32 - k, counts taken mod 32 (0, 32 and 33 too). A rotation by
;; a parameter, one kept in a local (tee) and an i64 one stay apart.
(module
  (func (export "rotl7") (param i32 i32) (result i32)
    (i32.xor (i32.rotl (local.get 0) (i32.const 7)) (local.get 1)))
  (func (export "rotl0") (param i32 i32) (result i32)
    (i32.xor (local.get 1) (i32.rotl (local.get 0) (i32.const 32))))
  (func (export "rotl33") (param i32 i32) (result i32)
    (i32.xor (i32.rotl (local.get 0) (i32.const 33)) (local.get 1)))
  (func (export "rotr25") (param i32 i32) (result i32)
    (i32.xor (local.get 1) (i32.rotr (local.get 0) (i32.const 25))))
  (func (export "rotr31") (param i32 i32) (result i32)
    (i32.xor (i32.rotr (local.get 0) (i32.const 31)) (local.get 1)))
  (func (export "rotl_var") (param i32 i32) (result i32)
    (i32.xor (i32.rotl (local.get 0) (local.get 1)) (local.get 1)))
  (func (export "rotl_tee") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.xor (local.tee 2 (i32.rotl (local.get 0) (i32.const 9))) (local.get 1)) (local.get 2)))
)
