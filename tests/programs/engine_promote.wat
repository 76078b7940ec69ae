;; SPDX-License-Identifier: MIT
;; An f64.promote_f32 whose result only the f64.add or f64.mul right after it
;; reads as its right operand (lower.c mul_fused): F64_ADD_PROMOTE,
;; F64_MUL_PROMOTE "d a b", d = a op promote(b). `*_ref` compute the same with
;; the promoted value also kept in a local (local.tee), which keeps the two
;; ops apart: the fused op must give their bits (with two NaNs, those of
;; either operand order: `*_left_ref`). On the left (`*_left`), under an
;; f64.sub (`sub`) or kept in a local it stays two ops. `acc` is the double sum of
;; float products of speexdsp's filters: the f32.mul too in one op,
;; F64_ADD_PROMOTE_MUL "d a b c" (`acc_ref`: the three apart).
;; `mpa` (c, a, b): c + a * promote(b), the product feeding an f64.add on
;; either side (`mpa_left`): F64_MUL_PROMOTE_ADD "d a b c" (samplerate's
;; filters); `mpa_ref`, `mpa_left_ref` keep the product in a local.
(module
  (func (export "add") (param f64 f32) (result f64)
    (f64.add (local.get 0) (f64.promote_f32 (local.get 1))))
  (func (export "add_ref") (param f64 f32) (result f64) (local f64)
    (f64.add (local.get 0) (local.tee 2 (f64.promote_f32 (local.get 1)))))
  (func (export "mul") (param f64 f32) (result f64)
    (f64.mul (local.get 0) (f64.promote_f32 (local.get 1))))
  (func (export "mul_ref") (param f64 f32) (result f64) (local f64)
    (f64.mul (local.get 0) (local.tee 2 (f64.promote_f32 (local.get 1)))))
  (func (export "mul_left_ref") (param f64 f32) (result f64) (local f64)
    (f64.mul (local.tee 2 (f64.promote_f32 (local.get 1))) (local.get 0)))
  (func (export "add_left") (param f64 f32) (result f64)
    (f64.add (f64.promote_f32 (local.get 1)) (local.get 0)))
  (func (export "mul_left") (param f64 f32) (result f64)
    (f64.mul (f64.promote_f32 (local.get 1)) (local.get 0)))
  (func (export "add_left_ref") (param f64 f32) (result f64) (local f64)
    (f64.add (local.tee 2 (f64.promote_f32 (local.get 1))) (local.get 0)))
  (func (export "sub") (param f64 f32) (result f64)
    (f64.sub (local.get 0) (f64.promote_f32 (local.get 1))))
  (func (export "acc") (param f64 f32 f32) (result f64)
    (f64.add (local.get 0) (f64.promote_f32 (f32.mul (local.get 1) (local.get 2)))))
  ;; the three ops apart (the promoted product kept in a local), the
  ;; promote on the left (two ops: F32_MUL, then a promote and the add), the
  ;; product kept in a local (F32_MUL, then F64_ADD_PROMOTE)
  (func (export "acc_ref") (param f64 f32 f32) (result f64) (local f64)
    (f64.add (local.get 0) (local.tee 3 (f64.promote_f32 (f32.mul (local.get 1) (local.get 2))))))
  (func (export "acc_left") (param f64 f32 f32) (result f64)
    (f64.add (f64.promote_f32 (f32.mul (local.get 1) (local.get 2))) (local.get 0)))
  (func (export "acc_tee") (param f64 f32 f32) (result f64) (local f32)
    (f64.add (f64.add (local.get 0) (f64.promote_f32 (local.tee 3 (f32.mul (local.get 1) (local.get 2)))))
      (f64.promote_f32 (local.get 3))))
  (func (export "mpa") (param f64 f64 f32) (result f64)
    (f64.add (local.get 0) (f64.mul (local.get 1) (f64.promote_f32 (local.get 2)))))
  (func (export "mpa_left") (param f64 f64 f32) (result f64)
    (f64.add (f64.mul (local.get 1) (f64.promote_f32 (local.get 2))) (local.get 0)))
  (func (export "mpa_ref") (param f64 f64 f32) (result f64) (local f64)
    (f64.add (local.get 0) (local.tee 3 (f64.mul (local.get 1) (f64.promote_f32 (local.get 2))))))
  (func (export "mpa_left_ref") (param f64 f64 f32) (result f64) (local f64)
    (f64.add (local.tee 3 (f64.mul (local.get 1) (f64.promote_f32 (local.get 2)))) (local.get 0)))
  ;; d is the accumulator's local: the fused op reads a and writes d = a
  (func (export "acc_local") (param f64 f32) (result f64)
    (local.set 0 (f64.add (local.get 0) (f64.promote_f32 (local.get 1))))
    (local.set 0 (f64.mul (local.get 0) (f64.promote_f32 (local.get 1))))
    (local.get 0))
)
