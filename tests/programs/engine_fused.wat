;; SPDX-License-Identifier: MIT
;; Fused address ops (mw_int.h MW_MEM_X_FUSED): an i32.add/i32.sub of a
;; constant feeding a load or store's address. The address wraps at 2^32
;; before the offset is added (spec 4.4.7), the tee'd local keeps it, and an
;; address outside memory takes the access's own slow path (the trap).
(module
  (memory (export "mem") 1 1)
  (func (export "ld8") (param i32) (result i32)
    (i32.load8_u offset=1 (i32.add (local.get 0) (i32.const 3))))
  (func (export "ld32") (param i32) (result i32)
    (i32.load offset=4 (i32.add (local.get 0) (i32.const 8))))
  (func (export "ld32_sub") (param i32) (result i32)
    (i32.load (i32.sub (local.get 0) (i32.const 4))))
  (func (export "ld64_hi") (param i32) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.load offset=8 (i32.add (local.get 0) (i32.const 8))) (i64.const 32))))
  (func (export "ld32_tee") (param i32) (result i32) (local i32)
    (i32.add (i32.load (local.tee 1 (i32.add (local.get 0) (i32.const 4)))) (local.get 1)))
  (func (export "st8") (param i32 i32)
    (i32.store8 offset=2 (i32.add (local.get 0) (i32.const 6)) (local.get 1)))
  (func (export "st32") (param i32 i32)
    (i32.store offset=4 (i32.add (local.get 0) (i32.const 4)) (local.get 1)))
  (func (export "st64") (param i32 i64)
    (i64.store (i32.add (local.get 0) (i32.const 8)) (local.get 1)))
  (func (export "st32_self") (param i32) (local i32)
    (i32.store (local.tee 1 (i32.sub (local.get 0) (i32.const 4))) (local.get 1)))
  (func (export "rd32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "rd64_hi") (param i32) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.load (local.get 0)) (i64.const 32))))
)
