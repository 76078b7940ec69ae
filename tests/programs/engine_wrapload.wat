;; SPDX-License-Identifier: MIT
;; An i64.load32_u (i64.load8_u) into an i64 local that holds a value with a
;; non-zero high word (the parameter $x, -1 from the caller), its value
;; wrapped by i32.wrap_i64 (which emits nothing) into the op a LOAD32_U fuses
;; with: an i32.add (LOAD32_U_I32_ADD, LOAD32_U_I32_ADD_IMMH), a compare and
;; branch (LOAD32_U_BR_EQ_IMM, LOAD32_U_BR_NE), the add stored back to the
;; same word (LOAD32_U_RMW), an f32 op right after the load (LOAD32_U_F32_ADD);
;; then $x read back as an i64: the loaded value, zero-extended. At 7d94faf
;; those rows wrote only the low word of a 32-bit target's slot, and $x kept
;; the high word of -1 (exec.c, 19c1858). An i64.load8_u is I64_LOAD8_U, never
;; fused (mw_int.h): the same shapes for it. Each function returns $x. (The
;; f32 row runs fused only where a core has an FPU, exec.c MW_LOADF_32.
;; Since format 71 an i64.load32_u is I64_LOAD32_U, which fuses with nothing
;; after it: those rows write an i32's low word alone again.)
(module
  ;; (64 one-byte pages, every access below the last 7 bytes, which take the
  ;; slow path: a 64 KiB page does not fit lm3s6965evb's heap, and
  ;; lowering and the fused rows do not depend on the page size)
  (memory (export "mem") 64 64 (pagesize 1))
  ;; 0: a word with its top bit set; 8: a byte with its top bit set; 12:
  ;; f32 1.0; 16 and 24: *p += 3 wraps
  (data (i32.const 0) "\f1\de\bc\9a")
  (data (i32.const 8) "\a5")
  (data (i32.const 12) "\00\00\80\3f")
  (data (i32.const 16) "\fe\ff\ff\ff")
  (data (i32.const 24) "\ff")
  ;; 60: memory's last word (its loads take the slow path)
  (data (i32.const 60) "\12\34\56\78")
  (global $sum (export "sum") (mut i32) (i32.const 0))
  (global $fsum (export "fsum") (mut f32) (f32.const 0))

  ;; the load, tee'd into $x, wrapped into an add with a local
  (func (export "add32") (param $p i32) (param $y i32) (param $x i64) (result i64)
    local.get $p
    i64.load32_u
    local.tee $x
    i32.wrap_i64
    local.get $y
    i32.add
    global.set $sum
    local.get $x)
  ;; ... with a constant (I32_ADD_IMMH)
  (func (export "addk32") (param $p i32) (param $x i64) (result i64)
    local.get $p
    i64.load32_u
    local.tee $x
    i32.wrap_i64
    i32.const 5
    i32.add
    global.set $sum
    local.get $x)
  ;; ... compared with a constant, the branch taken when equal: 1 in $sum
  ;; if taken, else 2
  (func (export "eqk32") (param $p i32) (param $k i32) (param $x i64) (result i64)
    (global.set $sum (i32.const 1))
    (block $t
      local.get $p
      i64.load32_u
      local.tee $x
      i32.wrap_i64
      i32.const 0x9abcdef1
      i32.eq
      br_if $t
      (global.set $sum (i32.const 2)))
    local.get $x)
  ;; ... compared with a local, the branch taken when not equal
  (func (export "ne32") (param $p i32) (param $k i32) (param $x i64) (result i64)
    (global.set $sum (i32.const 1))
    (block $t
      local.get $p
      i64.load32_u
      local.tee $x
      i32.wrap_i64
      local.get $k
      i32.ne
      br_if $t
      (global.set $sum (i32.const 2)))
    local.get $x)
  ;; *p += 3 through the wrapped value (LOAD32_U_RMW)
  (func (export "rmw32") (param $p i32) (param $x i64) (result i64)
    local.get $p
    local.get $p
    i64.load32_u
    local.tee $x
    i32.wrap_i64
    i32.const 3
    i32.add
    i32.store
    local.get $x)
  ;; the load right before an f32.add of the parameters (LOAD32_U_F32_ADD);
  ;; the loaded value goes to $x alone
  (func (export "f32add32") (param $p i32) (param $a f32) (param $b f32) (param $x i64) (result i64)
    local.get $p
    i64.load32_u
    local.set $x
    local.get $a
    local.get $b
    f32.add
    global.set $fsum
    local.get $x)
  ;; ... an f32.reinterpret_i32 of the wrapped value into the add
  (func (export "f32bits32") (param $p i32) (param $b f32) (param $x i64) (result i64)
    local.get $p
    i64.load32_u
    local.tee $x
    i32.wrap_i64
    f32.reinterpret_i32
    local.get $b
    f32.add
    global.set $fsum
    local.get $x)

  ;; the same for i64.load8_u (I64_LOAD8_U)
  (func (export "add8") (param $p i32) (param $y i32) (param $x i64) (result i64)
    local.get $p
    i64.load8_u
    local.tee $x
    i32.wrap_i64
    local.get $y
    i32.add
    global.set $sum
    local.get $x)
  (func (export "eqk8") (param $p i32) (param $k i32) (param $x i64) (result i64)
    (global.set $sum (i32.const 1))
    (block $t
      local.get $p
      i64.load8_u
      local.tee $x
      i32.wrap_i64
      i32.const 0xa5
      i32.eq
      br_if $t
      (global.set $sum (i32.const 2)))
    local.get $x)
  (func (export "ne8") (param $p i32) (param $k i32) (param $x i64) (result i64)
    (global.set $sum (i32.const 1))
    (block $t
      local.get $p
      i64.load8_u
      local.tee $x
      i32.wrap_i64
      local.get $k
      i32.ne
      br_if $t
      (global.set $sum (i32.const 2)))
    local.get $x)
  (func (export "rmw8") (param $p i32) (param $x i64) (result i64)
    local.get $p
    local.get $p
    i64.load8_u
    local.tee $x
    i32.wrap_i64
    i32.const 3
    i32.add
    i32.store8
    local.get $x)

  ;; an i64.load32_u at a computed address (format 73: its fused address
  ;; rows I64_LOAD32_U_X, _XR, _XM write the whole slot; LOAD32_U's own
  ;; write an i32's low word alone on a 32-bit target): into $x, which held
  ;; -1; the address 0 as p + 4, p + q and p + q * 4
  (func (export "x32") (param $p i32) (param $x i64) (result i64)
    (local.set $x (i64.load32_u (i32.add (local.get $p) (i32.const 4))))
    local.get $x)
  (func (export "xr32") (param $p i32) (param $q i32) (param $x i64) (result i64)
    (local.set $x (i64.load32_u (i32.add (local.get $p) (local.get $q))))
    local.get $x)
  (func (export "xm32") (param $p i32) (param $q i32) (param $x i64) (result i64)
    (local.set $x (i64.load32_u (i32.add (local.get $p) (i32.mul (local.get $q) (i32.const 4)))))
    local.get $x)
  ;; ... and into the address's own slot (I64_LOAD32_U_XD, _XRD, _XMD),
  ;; which a call's i64 result of -1 left with a high word of all ones, the
  ;; loaded value a call's argument there
  (func $ones (result i64) (i64.const -1))
  (func $id (param i64) (result i64) (local.get 0))
  (func $id32 (param i32) (result i32) (local.get 0))
  (func (export "xd32") (param $p i32) (result i64)
    (drop (call $ones))
    (call $id (i64.load32_u (i32.add (local.get $p) (i32.const 4)))))
  (func (export "xrd32") (param $p i32) (param $q i32) (result i64)
    (drop (call $ones))
    (call $id (i64.load32_u (i32.add (local.get $p) (local.get $q)))))
  (func (export "xmd32") (param $p i32) (param $q i32) (result i64)
    (drop (call $ones))
    (call $id (i64.load32_u (i32.add (local.get $p) (i32.mul (local.get $q) (i32.const 4))))))
  ;; i64.load16_u (I64_LOAD16_U, never fused: LOAD16_U's rows write an
  ;; i32's low word alone on a 32-bit target) into $x, at p + q, and into
  ;; the address's own slot as above
  (func (export "ld16") (param $p i32) (param $x i64) (result i64)
    (local.set $x (i64.load16_u (local.get $p)))
    local.get $x)
  (func (export "xr16") (param $p i32) (param $q i32) (param $x i64) (result i64)
    (local.set $x (i64.load16_u (i32.add (local.get $p) (local.get $q))))
    local.get $x)
  (func (export "xd16") (param $p i32) (result i64)
    (drop (call $ones))
    (call $id (i64.load16_u (i32.add (local.get $p) (i32.const 4)))))
  ;; their i32 twins: LOAD32_U_XD, LOAD16_U_XD
  (func (export "xd32i") (param $p i32) (result i32)
    (call $id32 (i32.load (i32.add (local.get $p) (i32.const 4)))))
  (func (export "xd16i") (param $p i32) (result i32)
    (call $id32 (i32.load16_u (i32.add (local.get $p) (i32.const 4))))))
