;; SPDX-License-Identifier: MIT
;; Sums of i64 products (lower.c mul_add_chain): each i64.mul feeding an add
;; is an I64_MUL_ADD, and two such links in a row adding into one slot are
;; one I64_MUL_ADD2 (fe25519_mul's h0 = f0 * g0 + f1 * g9_38 + ...). `sumN`
;; adds N products of its 2N arguments; `set3` keeps the sum in a local
;; (local.set splits the pair back so the second link writes the local);
;; `loop3` has a label between the links (a loop starts at the second
;; link's multiply: no pair); `wide4` multiplies i32 arguments extended, signed and
;; unsigned (the 32x32->64 products of bignum code).
(module
  (func (export "sum2") (param i64 i64 i64 i64) (result i64)
    (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.mul (local.get 2) (local.get 3))))
  (func (export "sum3") (param i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add
      (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.mul (local.get 2) (local.get 3)))
      (i64.mul (local.get 4) (local.get 5))))
  (func (export "sum4") (param i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add
      (i64.add
        (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.mul (local.get 2) (local.get 3)))
        (i64.mul (local.get 4) (local.get 5)))
      (i64.mul (local.get 6) (local.get 7))))
  (func (export "sum5") (param i64 i64 i64 i64 i64 i64 i64 i64 i64 i64) (result i64)
    (i64.add
      (i64.add
        (i64.add
          (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.mul (local.get 2) (local.get 3)))
          (i64.mul (local.get 4) (local.get 5)))
        (i64.mul (local.get 6) (local.get 7)))
      (i64.mul (local.get 8) (local.get 9))))
  ;; the sum kept in a local, then read twice: 2 * sum3
  (func (export "set3") (param i64 i64 i64 i64 i64 i64) (result i64) (local i64)
    (local.set 6
      (i64.add
        (i64.add (i64.mul (local.get 0) (local.get 1)) (i64.mul (local.get 2) (local.get 3)))
        (i64.mul (local.get 4) (local.get 5))))
    (i64.add (local.get 6) (local.get 6)))
  ;; an accumulator started from a local: acc + a * b + c * d + e * f, the
  ;; first link "t a b acc" (adds into another slot: no pair with it)
  (func (export "acc3") (param i64 i64 i64 i64 i64 i64) (result i64) (local i64)
    (local.set 6 (i64.xor (local.get 0) (local.get 5)))
    (i64.add
      (i64.add
        (i64.add (local.get 6) (i64.mul (local.get 0) (local.get 1)))
        (i64.mul (local.get 2) (local.get 3)))
      (i64.mul (local.get 4) (local.get 5))))
  ;; a loop starts at the second link's multiply, which adds into the
  ;; loop's parameter three times (a branch target between the links, which
  ;; stay apart): a * b + c * d + 3 * e * f
  (func (export "loop3") (param i64 i64 i64 i64 i64 i64) (result i64) (local i32)
    i32.const 3
    local.set 6
    local.get 0
    local.get 1
    i64.mul
    local.get 2
    local.get 3
    i64.mul
    i64.add
    loop (param i64) (result i64)
      local.get 4
      local.get 5
      i64.mul
      i64.add
      local.get 6
      i32.const 1
      i32.sub
      local.tee 6
      br_if 0
    end)
  (func (export "wide4") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i64)
    (i64.add
      (i64.add
        (i64.add
          (i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))
          (i64.mul (i64.extend_i32_s (local.get 2)) (i64.extend_i32_s (local.get 3))))
        (i64.mul (i64.extend_i32_u (local.get 4)) (i64.extend_i32_s (local.get 5))))
      (i64.mul (i64.extend_i32_s (local.get 6)) (i64.extend_i32_u (local.get 7)))))
)
