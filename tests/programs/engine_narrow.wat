;; SPDX-License-Identifier: MIT
;; Narrow immediates (mw_int.h MW_KINDS): a memory-0 offset of at most
;; MW_MAX_OFF16 (65535) is one code unit in the access itself; a larger one
;; makes lowering use LOAD32_U_W / STORE32_W (32-bit loads and stores) or
;; MLOAD/MSTORE with memory 0 named. Each access below comes
;; at offset 65535 (`_n`, the narrow form), 65536 (`_w`, the wide fallback)
;; and 0 (`_0`, the reference: the same address computed by the caller).
;; Memory: two pages (131072 bytes).
(module
  (memory (export "mem") 2 2)
  ;; every byte i of memory = i * 7 + 1 (low 8 bits)
  (func (export "fill") (local i32)
    (loop $l
      (i32.store8 (local.get 0) (i32.add (i32.mul (local.get 0) (i32.const 7)) (i32.const 1)))
      (br_if $l (i32.ne (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const 131072)))))
  (func (export "ld8s_0") (param i32) (result i32) (i32.load8_s (local.get 0)))
  (func (export "ld8s_n") (param i32) (result i32) (i32.load8_s offset=65535 (local.get 0)))
  (func (export "ld8s_w") (param i32) (result i32) (i32.load8_s offset=65536 (local.get 0)))
  (func (export "ld16u_0") (param i32) (result i32) (i32.load16_u (local.get 0)))
  (func (export "ld16u_n") (param i32) (result i32) (i32.load16_u offset=65535 (local.get 0)))
  (func (export "ld16u_w") (param i32) (result i32) (i32.load16_u offset=65536 (local.get 0)))
  (func (export "ld32_0") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "ld32_n") (param i32) (result i32) (i32.load offset=65535 (local.get 0)))
  (func (export "ld32_w") (param i32) (result i32) (i32.load offset=65536 (local.get 0)))
  ;; i64.load: the two halves xor-ed (call_i32 reads 32 bits)
  (func (export "ld64_0") (param i32) (result i32) (local i64)
    (local.set 1 (i64.load (local.get 0)))
    (i32.wrap_i64 (i64.xor (local.get 1) (i64.shr_u (local.get 1) (i64.const 32)))))
  (func (export "ld64_n") (param i32) (result i32) (local i64)
    (local.set 1 (i64.load offset=65535 (local.get 0)))
    (i32.wrap_i64 (i64.xor (local.get 1) (i64.shr_u (local.get 1) (i64.const 32)))))
  (func (export "ld64_w") (param i32) (result i32) (local i64)
    (local.set 1 (i64.load offset=65536 (local.get 0)))
    (i32.wrap_i64 (i64.xor (local.get 1) (i64.shr_u (local.get 1) (i64.const 32)))))
  ;; an address computed just before the access (the fused LOAD32_U_X form)
  (func (export "ldx_n") (param i32) (result i32) (i32.load offset=65535 (i32.add (local.get 0) (i32.const 4))))
  (func (export "ldx_w") (param i32) (result i32) (i32.load offset=65536 (i32.add (local.get 0) (i32.const 4))))
  ;; an i64's byte at a computed address (I64_LOAD8_U, never fused: the whole
  ;; slot written; LOAD8_U's rows write an i32's low word alone on a 32-bit
  ;; target): (byte << 8) | the high half, which must be 0; then the i32's
  (func (export "ld8u64x") (param i32 i32) (result i32) (local i64)
    (local.set 2 (i64.load8_u (i32.add (local.get 0) (local.get 1))))
    (i32.wrap_i64 (i64.or (i64.shl (local.get 2) (i64.const 8)) (i64.shr_u (local.get 2) (i64.const 32)))))
  (func (export "ld8ux") (param i32 i32) (result i32) (i32.load8_u (i32.add (local.get 0) (local.get 1))))
  ;; the same for i64.load32_u (I64_LOAD32_U: a fused address op before it,
  ;; nothing after it fused) into a local that held -1, then added to as an
  ;; i32 (i32.wrap_i64 emits nothing: as an i32.load it would fuse into
  ;; LOAD32_U_I32_ADD, which writes the low word alone on a 32-bit target)
  (func (export "ld32u64x") (param i32 i32) (result i32) (local i64 i32)
    (local.set 2 (i64.const -1))
    (local.set 3 (i32.add (i32.wrap_i64 (local.tee 2 (i64.load32_u (i32.add (local.get 0) (local.get 1)))))
                          (local.get 1)))
    (i32.add (local.get 3)
             (i32.wrap_i64 (i64.or (i64.shl (local.get 2) (i64.const 8)) (i64.shr_u (local.get 2) (i64.const 32))))))
  (func (export "ld32ux") (param i32 i32) (result i32) (i32.load (i32.add (local.get 0) (local.get 1))))
  (func (export "ldbr_n") (param i32) (result i32)
    (block $t
      (br_if $t (i32.eq (i32.load8_u offset=65535 (local.get 0)) (i32.const 8)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "ldbr_w") (param i32) (result i32)
    (block $t
      (br_if $t (i32.eq (i32.load8_u offset=65536 (local.get 0)) (i32.const 8)))
      (return (i32.const 2)))
    (i32.const 1))
  (func (export "st16_n") (param i32 i32) (i32.store16 offset=65535 (local.get 0) (local.get 1)))
  (func (export "st16_w") (param i32 i32) (i32.store16 offset=65536 (local.get 0) (local.get 1)))
  (func (export "st32_n") (param i32 i32) (i32.store offset=65535 (local.get 0) (local.get 1)))
  (func (export "st32_w") (param i32 i32) (i32.store offset=65536 (local.get 0) (local.get 1)))
  (func (export "st64_n") (param i32 i32) (i64.store offset=65535 (local.get 0) (i64.extend_i32_s (local.get 1))))
  (func (export "st64_w") (param i32 i32) (i64.store offset=65536 (local.get 0) (i64.extend_i32_s (local.get 1))))
  ;; a constant stored (STORE32_K / STORE64_K): the second argument is ignored
  (func (export "stk32_n") (param i32 i32) (i32.store offset=65535 (local.get 0) (i32.const 0x5a5aa5a5)))
  (func (export "stk32_w") (param i32 i32) (i32.store offset=65536 (local.get 0) (i32.const 0x5a5aa5a5)))
  (func (export "stk64_n") (param i32 i32) (i64.store offset=65535 (local.get 0) (i64.const -3)))
  (func (export "stk64_w") (param i32 i32) (i64.store offset=65536 (local.get 0) (i64.const -3)))
  ;; Constants in a slot: CONST16 (one unit, sign-extended) up to the I16
  ;; limits, CONST32 past them; x picks one of two (select)
  (func (export "k_n") (param i32 i32) (result i32) (select (i32.const 32767) (i32.const -32768) (local.get 0)))
  (func (export "k_w") (param i32 i32) (result i32) (select (i32.const 32768) (i32.const -32769) (local.get 0)))
  (func (export "kf") (param i32 i32) (result i32)
    (i32.reinterpret_f32 (select (f32.const 0) (f32.const -1.5) (local.get 0))))
  ;; shift and rotate counts (I16, taken mod 32) and x + y << 3 (I32_ADD_MUL)
  (func (export "shl31") (param i32 i32) (result i32) (i32.shl (local.get 0) (i32.const 31)))
  (func (export "shrs17") (param i32 i32) (result i32) (i32.shr_s (local.get 0) (i32.const 17)))
  (func (export "rotr33") (param i32 i32) (result i32) (i32.rotr (local.get 0) (i32.const 33)))
  (func (export "addshl3") (param i32 i32) (result i32) (i32.add (local.get 0) (i32.shl (local.get 1) (i32.const 3))))
  ;; the largest offset, 2^32 - 1: every address traps (33-bit effective address)
  (func (export "ld8s_max") (param i32) (result i32) (i32.load8_s offset=0xffffffff (local.get 0))))
