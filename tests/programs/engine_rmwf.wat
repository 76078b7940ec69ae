;; SPDX-License-Identifier: MIT
;; A float read-modify-write of memory 0 (lower.c fuse_rmwf): a load, an
;; f32 (f64) add or subtract of its value that only the store right after it
;; stores, at the same address and offset: the load becomes LOAD32_U_RMWF
;; (LOAD64_RMWF), which does all three (flac's `autoc[k] +=`, kissfft's
;; `Fout->r += t.r`). The loaded value on either side of the add or subtract.
;; `*_ref` compute the same with a label between the op and the store (a
;; branch to the block's end), which keeps the three apart: the fused op
;; must give their bits. An address past the end traps and stores nothing;
;; the last bytes go through the plain load's and store's slow paths.
;; Another address or offset is not fused.
(module
  (memory (export "mem") 1 1)
  (func (export "rd32") (param i32) (result i64) (i64.load32_u (local.get 0)))
  (func (export "rd64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "wr32") (param i32 i64) (i64.store32 (local.get 0) (local.get 1)))
  (func (export "wr64") (param i32 i64) (i64.store (local.get 0) (local.get 1)))
  ;; *p = *p + x, *p = x + *p, *p = *p - x, *p = x - *p (f32, then f64)
  (func (export "f32_acc") (param i32 f32)
    (f32.store (local.get 0) (f32.add (f32.load (local.get 0)) (local.get 1))))
  (func (export "f32_acc_r") (param i32 f32)
    (f32.store (local.get 0) (f32.add (local.get 1) (f32.load (local.get 0)))))
  (func (export "f32_dec") (param i32 f32)
    (f32.store (local.get 0) (f32.sub (f32.load (local.get 0)) (local.get 1))))
  (func (export "f32_rsub") (param i32 f32)
    (f32.store (local.get 0) (f32.sub (local.get 1) (f32.load (local.get 0)))))
  (func (export "f64_acc") (param i32 f64)
    (f64.store (local.get 0) (f64.add (f64.load (local.get 0)) (local.get 1))))
  (func (export "f64_acc_r") (param i32 f64)
    (f64.store (local.get 0) (f64.add (local.get 1) (f64.load (local.get 0)))))
  (func (export "f64_dec") (param i32 f64)
    (f64.store (local.get 0) (f64.sub (f64.load (local.get 0)) (local.get 1))))
  (func (export "f64_rsub") (param i32 f64)
    (f64.store (local.get 0) (f64.sub (local.get 1) (f64.load (local.get 0)))))
  (func (export "f32_acc_ref") (param i32 f32)
    (f32.store (local.get 0) (block (result f32) (br 0 (f32.add (f32.load (local.get 0)) (local.get 1))))))
  (func (export "f32_acc_r_ref") (param i32 f32)
    (f32.store (local.get 0) (block (result f32) (br 0 (f32.add (local.get 1) (f32.load (local.get 0)))))))
  (func (export "f32_dec_ref") (param i32 f32)
    (f32.store (local.get 0) (block (result f32) (br 0 (f32.sub (f32.load (local.get 0)) (local.get 1))))))
  (func (export "f32_rsub_ref") (param i32 f32)
    (f32.store (local.get 0) (block (result f32) (br 0 (f32.sub (local.get 1) (f32.load (local.get 0)))))))
  (func (export "f64_acc_ref") (param i32 f64)
    (f64.store (local.get 0) (block (result f64) (br 0 (f64.add (f64.load (local.get 0)) (local.get 1))))))
  (func (export "f64_acc_r_ref") (param i32 f64)
    (f64.store (local.get 0) (block (result f64) (br 0 (f64.add (local.get 1) (f64.load (local.get 0)))))))
  (func (export "f64_dec_ref") (param i32 f64)
    (f64.store (local.get 0) (block (result f64) (br 0 (f64.sub (f64.load (local.get 0)) (local.get 1))))))
  (func (export "f64_rsub_ref") (param i32 f64)
    (f64.store (local.get 0) (block (result f64) (br 0 (f64.sub (local.get 1) (f64.load (local.get 0)))))))
  ;; through an offset: *(p + 4) += x (f32), *(p + 8) -= x (f64)
  (func (export "f32_acc_off") (param i32 f32)
    (f32.store offset=4 (local.get 0) (f32.add (f32.load offset=4 (local.get 0)) (local.get 1))))
  (func (export "f64_dec_off") (param i32 f64)
    (f64.store offset=8 (local.get 0) (f64.sub (f64.load offset=8 (local.get 0)) (local.get 1))))
  ;; the new value kept by local.tee: *p = t = *p + x; t (f64)
  (func (export "f64_acc_tee") (param i32 f64) (result f64) (local f64)
    (f64.store (local.get 0) (local.tee 2 (f64.add (f64.load (local.get 0)) (local.get 1))))
    (local.get 2))
  ;; a load right before the read-modify-write's (a LOAD32_U_PAIR while
  ;; lowering, split again): t = *q; *p += x; t
  (func (export "f32_pair_acc") (param i32 i32 f32) (result f32) (local f32)
    (local.set 3 (f32.load (local.get 1)))
    (f32.store (local.get 0) (f32.add (f32.load (local.get 0)) (local.get 2)))
    (local.get 3))
  ;; a butterfly's accumulations: p[0] += x, p[1] += y (f32)
  (func (export "f32_acc2") (param i32 f32 f32)
    (f32.store (local.get 0) (f32.add (f32.load (local.get 0)) (local.get 1)))
    (f32.store offset=4 (local.get 0) (f32.add (f32.load offset=4 (local.get 0)) (local.get 2))))
  ;; not fused: another address (*q = *p + x), another offset (*(p + 4) =
  ;; *p + x)
  (func (export "f32_other") (param i32 i32 f32)
    (f32.store (local.get 1) (f32.add (f32.load (local.get 0)) (local.get 2))))
  (func (export "f32_other_off") (param i32 f32)
    (f32.store offset=4 (local.get 0) (f32.add (f32.load (local.get 0)) (local.get 1))))
)
