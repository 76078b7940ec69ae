;; SPDX-License-Identifier: MIT
;; Loads whose address is an add just before them (the fused address ops,
;; mw_int.h MW_MEM_X_FUSED) where the load's result lands in the add's own
;; slot and the offset is 0: lower.c narrow_imm makes them LOAD8_U_XD,
;; LOAD32_U_XD, LOAD64_XD, LOAD8_U_XRD, LOAD32_U_XRD, LOAD16_U_XD and
;; LOAD32_U_XMD (`elem`: an array element's, x = a + b * 4) (MW_MEM_XD_FUSED), whose handler
;; does not write the address. Called at addresses in the fast test, in the
;; memory's last 7 bytes (the slow path: the load after the row), past the
;; end (a trap) and wrapping past 2^32. `tee` (the address also a local read
;; after the load; also `tee8`, `tee16`, `tee64`, `teer`, `teem`) and `set` (the result
;; stored to a local, the address a temporary) stay the plain fused rows;
;; `off` (an offset) is not fused. Each result is
;; xor'ed with the argument (tee: the address), not returned as loaded (a
;; returned load writes slot 0, lower.c emit_return).
;; Memory: bytes 0..15 are 0x11..0x20, 0xfff0..0xffff are 0x01..0x10, the
;; rest 0 (test_engine.c xd_byte).
(module
  (memory 1 1)
  (data (i32.const 0) "\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f\20")
  (data (i32.const 0xfff0) "\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10")
  (func (export "ld8") (param i32) (result i32)
    (i32.xor (i32.load8_u (i32.add (local.get 0) (i32.const 3))) (local.get 0)))
  (func (export "ld32") (param i32) (result i32)
    (i32.xor (i32.load (i32.add (local.get 0) (i32.const 4))) (local.get 0)))
  (func (export "ld64") (param i32) (result i64)
    (i64.xor (i64.load (i32.add (local.get 0) (i32.const 8))) (i64.extend_i32_u (local.get 0))))
  (func (export "ld8r") (param i32 i32) (result i32)
    (i32.xor (i32.load8_u (i32.add (local.get 0) (local.get 1))) (local.get 0)))
  (func (export "ld32r") (param i32 i32) (result i32)
    (i32.xor (i32.load (i32.add (local.get 0) (local.get 1))) (local.get 0)))
  (func (export "tee") (param i32) (result i32)
    (i32.xor (i32.load (local.tee 0 (i32.add (local.get 0) (i32.const 4)))) (local.get 0)))
  (func (export "tee8") (param i32) (result i32)
    (i32.xor (i32.load8_u (local.tee 0 (i32.add (local.get 0) (i32.const 3)))) (local.get 0)))
  (func (export "tee64") (param i32) (result i64)
    (i64.xor (i64.load (local.tee 0 (i32.add (local.get 0) (i32.const 8)))) (i64.extend_i32_u (local.get 0))))
  (func (export "teer") (param i32 i32) (result i32)
    (i32.xor (i32.load8_u (local.tee 0 (i32.add (local.get 0) (local.get 1)))) (local.get 0)))
  (func (export "elem") (param i32 i32) (result i32)
    (i32.xor (i32.load (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2)))) (local.get 0)))
  (func (export "teem") (param i32 i32) (result i32)
    (i32.xor (i32.load (local.tee 0 (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 2))))) (local.get 0)))
  (func (export "ld16") (param i32) (result i32)
    (i32.xor (i32.load16_u (i32.add (local.get 0) (i32.const 2))) (local.get 0)))
  (func (export "tee16") (param i32) (result i32)
    (i32.xor (i32.load16_u (local.tee 0 (i32.add (local.get 0) (i32.const 2)))) (local.get 0)))
  (func (export "off") (param i32) (result i32)
    (i32.xor (i32.load offset=2 (i32.add (local.get 0) (i32.const 4))) (local.get 0)))
  (func (export "set") (param i32) (result i32)
    (local $v i32)
    (local.set $v (i32.load (i32.add (local.get 0) (i32.const 4))))
    (i32.xor (local.get $v) (local.get 0)))
)
