;; SPDX-License-Identifier: MIT
;; Pairs of ops one after the other that lower_narrow.c narrow_imm makes one
;; row, the second left in the code (mw_int.h MW_LOADI_FUSED, MW_SEQ_OP_LIST;
;; full profile). `ldcopy`: an i32 load into a local, then a COPY of it
;; (LOAD32_U_COPY); `ldsub`, `ldxor`: a load, then I32_SUB / I32_XOR with it
;; on either side; `ldmul`: a load as an array index, I32_ADD_MUL
;; (LOAD32_U_I32_ADD_MUL), and `ldmulk` the same plus a field's offset
;; (I32_ADD_MUL_I32_ADD_IMMH keeps the I32_ADD_MUL: no row); `addadd`: a sum
;; kept in a local, then a second sum of it (I32_ADD_I32_ADD); `addland`: a
;; branch lands on the second sum, which runs alone; `call3`: three locals
;; passed to a call (COPY2_COPY_CALL_DEF); `cpld`: a local copied, then a
;; load (COPY_LOAD32_U); `stld`: a store, then a load (STORE32_LOAD32_U),
;; from the address just stored to and from another. Memory: one page, so
;; an address past 65532 traps in the load or store that uses it.
(module
  (memory 1)
  (func $f3 (param i32 i32 i32) (result i32)
    (i32.sub (i32.mul (local.get 0) (i32.const 7)) (i32.add (local.get 1) (i32.shl (local.get 2) (i32.const 1)))))
  (func (export "ldcopy") (param i32 i32) (result i32) (local i32 i32)
    (local.set 2 (i32.load (local.get 0)))
    (local.set 3 (local.get 2))
    (local.set 2 (i32.add (local.get 2) (local.get 1)))
    (i32.add (i32.mul (local.get 3) (i32.const 3)) (local.get 2)))
  (func (export "ldsub") (param i32 i32) (result i32)
    (i32.sub (i32.load (local.get 0)) (local.get 1)))
  (func (export "ldsubr") (param i32 i32) (result i32)
    (i32.sub (local.get 1) (i32.load (local.get 0))))
  (func (export "ldxor") (param i32 i32) (result i32)
    (i32.xor (i32.load (local.get 0)) (local.get 1)))
  (func (export "ldmul") (param i32 i32) (result i32)
    (i32.add (local.get 1) (i32.mul (i32.load (local.get 0)) (i32.const 12))))
  (func (export "ldmulk") (param i32 i32) (result i32)
    (i32.add (i32.add (local.get 1) (i32.mul (i32.load (local.get 0)) (i32.const 12))) (i32.const 4)))
  (func (export "addadd") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3 (i32.add (local.get 0) (local.get 1)))
    (i32.add (i32.mul (i32.add (local.get 3) (local.get 2)) (i32.const 3)) (local.get 3)))
  (func (export "addland") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3 (local.get 0))
    (block
      (br_if 0 (i32.eqz (local.get 2)))
      (local.set 3 (i32.add (local.get 0) (local.get 1))))
    (i32.add (local.get 3) (local.get 2)))
  (func (export "call3") (param i32 i32 i32) (result i32)
    (call $f3 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "cpld") (param i32 i32) (result i32) (local i32)
    (local.set 2 (local.get 1))
    (i32.add (i32.load (local.get 0)) (i32.mul (local.get 2) (local.get 1))))
  (func (export "stld") (param i32 i32 i32) (result i32)
    (i32.store (local.get 0) (local.get 2))
    (i32.load (local.get 1)))
)
