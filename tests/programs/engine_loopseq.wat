;; SPDX-License-Identifier: MIT
;; Pairs of ops one program's loop runs, one row (mw_int.h
;; MW_LOOP_SEQ_OP_LIST; full profile): a fused address load and the op after
;; its load, a sum and an add of a wide constant.
;; `mac`: an f32 at p + 4 times c plus acc (LOAD32_U_XD_F32_MUL_ADD; the
;; floats' bits passed as i32s); `dot`: a loop summing p[i + 1] * q[i] over
;; n (a load, then the row); `shl8`: the byte at p + 1 (its address kept in
;; a local: LOAD8_U_X) shifted left by 7, less that address
;; (LOAD8_U_X_I32_SHL_IMM); `rshift`: a 16-byte value shifted right by a
;; bit in place, byte by byte (GCM's, as LibTomCrypt writes it), returning
;; the last address it read; `md5`: MD5's step, rotl((a ^ f) + x + T, s) + b,
;; T wide, subtracted (0xd76aa478 as clang writes it: I32_ADD_I32_SUB_IMM)
;; or added (I32_ADD_I32_ADD_IMM), with a
;; 16-bit T (I32_ADD_I32_ADD_IMMH: no row), and with a br_if landing on the
;; constant's add (`md5land`: the row, the add run alone from the branch).
;; Memory: one page, so an f32 at 65533 or a byte at 65536 traps.
(module
  (memory 1)
  (func (export "mac") (param $p i32) (param $c i32) (param $acc i32) (result i32)
    (i32.reinterpret_f32
      (f32.add
        (f32.mul (f32.load (i32.add (local.get $p) (i32.const 4))) (f32.reinterpret_i32 (local.get $c)))
        (f32.reinterpret_i32 (local.get $acc)))))
  (func (export "dot") (param $p i32) (param $q i32) (param $n i32) (result i32) (local $s f32)
    (block
      (loop
        (br_if 1 (i32.eqz (local.get $n)))
        (local.set $s
          (f32.add
            (f32.mul (f32.load (local.get $q)) (f32.load (i32.add (local.get $p) (i32.const 4))))
            (local.get $s)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br 0)))
    (i32.reinterpret_f32 (local.get $s)))
  (func (export "shl8") (param $p i32) (result i32) (local $a i32) (local $t i32)
    (local.set $t (i32.shl (i32.load8_u (local.tee $a (i32.add (local.get $p) (i32.const 1)))) (i32.const 7)))
    (i32.sub (local.get $t) (local.get $a)))
  (func (export "rshift") (param $a i32) (result i32) (local $x i32) (local $q i32)
    (local.set $x (i32.const 15))
    (loop
      (i32.store8 (i32.add (local.get $a) (local.get $x))
        (i32.or
          (i32.shr_u (i32.load8_u (i32.add (local.get $a) (local.get $x))) (i32.const 1))
          (i32.and
            (i32.shl
              (i32.load8_u (local.tee $q (i32.add (i32.add (local.get $a) (local.get $x)) (i32.const -1))))
              (i32.const 7))
            (i32.const 0x80))))
      (br_if 0 (local.tee $x (i32.sub (local.get $x) (i32.const 1)))))
    (i32.store8 (local.get $a) (i32.shr_u (i32.load8_u (local.get $a)) (i32.const 1)))
    (local.get $q))
  (func (export "md5") (param $a i32) (param $f i32) (param $x i32) (param $b i32) (result i32)
    (i32.add
      (i32.add
        (i32.rotl (i32.sub (i32.add (i32.xor (local.get $a) (local.get $f)) (local.get $x)) (i32.const 680876936))
          (i32.const 7))
        (local.get $b))
      (i32.add
        (i32.rotl (i32.add (i32.add (i32.xor (local.get $b) (local.get $f)) (local.get $x)) (i32.const 0x242070db))
          (i32.const 17))
        (i32.add (i32.add (i32.and (local.get $a) (local.get $x)) (local.get $f)) (i32.const 0x1234)))))
  (func (export "md5land") (param $a i32) (param $f i32) (param $x i32) (param $b i32) (result i32) (local $t i32)
    (local.set $t (local.get $b))
    (block
      (br_if 0 (i32.and (local.get $x) (i32.const 1)))
      (local.set $t (i32.add (local.get $a) (local.get $f))))
    (i32.add (local.get $t) (i32.const 0x89abcdef)))
  (func (export "poke") (param $p i32) (param $v i32)
    (i32.store (local.get $p) (local.get $v)))
  (func (export "peek8") (param $p i32) (result i32)
    (i32.load8_u (local.get $p)))
)
