;; SPDX-License-Identifier: MIT
;; A shift left by a constant whose result only the i32.or right after it
;; reads, either side (lower.c mul_fused): I32_SHL_OR "d a b k", counts taken
;; mod 32 (0, 32 and 33 too). A shift by a parameter, one kept in a local
;; (tee), i64 and an i32.xor stay apart; bytes assembled into a word (the
;; op profile's giflib shape).
(module
  (memory 1)
  (data (i32.const 16) "\01\82\f3\44")
  (func (export "shl8") (param i32 i32) (result i32)
    (i32.or (i32.shl (local.get 0) (i32.const 8)) (local.get 1)))
  (func (export "shl0") (param i32 i32) (result i32)
    (i32.or (local.get 1) (i32.shl (local.get 0) (i32.const 32))))
  (func (export "shl33") (param i32 i32) (result i32)
    (i32.or (i32.shl (local.get 0) (i32.const 33)) (local.get 1)))
  (func (export "shl31") (param i32 i32) (result i32)
    (i32.or (local.get 1) (i32.shl (local.get 0) (i32.const 31))))
  (func (export "shl_var") (param i32 i32) (result i32)
    (i32.or (i32.shl (local.get 0) (local.get 1)) (local.get 1)))
  (func (export "shl_tee") (param i32 i32) (result i32) (local i32)
    (i32.add (i32.or (local.tee 2 (i32.shl (local.get 0) (i32.const 9))) (local.get 1)) (local.get 2)))
  (func (export "shl_xor") (param i32 i32) (result i32)
    (i32.xor (i32.shl (local.get 0) (i32.const 8)) (local.get 1)))
  (func (export "shl64") (param i32 i32) (result i32)
    (i32.wrap_i64 (i64.or (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 40))
                          (i64.extend_i32_u (local.get 1)))))
  ;; the little-endian word at p from its four bytes
  (func (export "word") (param i32 i32) (result i32)
    (i32.or
      (i32.or (i32.load8_u (local.get 0))
              (i32.shl (i32.load8_u offset=1 (local.get 0)) (i32.const 8)))
      (i32.or (i32.shl (i32.load8_u offset=2 (local.get 0)) (i32.const 16))
              (i32.shl (i32.load8_u offset=3 (local.get 0)) (i32.const 24)))))
)
