;; SPDX-License-Identifier: MIT
;; A float add or subtract whose result only the store right after it stores
;; (lower.c fuse_value): F32_ADD_XV, F32_SUB_XV, F64_ADD_XV, F64_SUB_XV "x a
;; b", the op and the store's in-bounds case in one (kissfft's butterflies,
;; flac's `autoc[k] +=`). `*_ref` compute the same with a label between the
;; op and the store (a block's end that a br_if names, taken only for p = -1,
;; where the store traps either way), which keeps the two apart: the fused op must give their
;; bits. An address past the end traps and stores nothing; the last bytes go
;; through the plain store's slow path (`*_off`: through the offset). A
;; result kept by local.tee is fused too (x the local).
(module
  (memory (export "mem") 1 1)
  (func (export "rd32") (param i32) (result i64) (i64.load32_u (local.get 0)))
  (func (export "rd64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "f32_add") (param i32 f32 f32)
    (f32.store (local.get 0) (f32.add (local.get 1) (local.get 2))))
  (func (export "f32_sub") (param i32 f32 f32)
    (f32.store (local.get 0) (f32.sub (local.get 1) (local.get 2))))
  (func (export "f64_add") (param i32 f64 f64)
    (f64.store (local.get 0) (f64.add (local.get 1) (local.get 2))))
  (func (export "f64_sub") (param i32 f64 f64)
    (f64.store (local.get 0) (f64.sub (local.get 1) (local.get 2))))
  (func (export "f32_add_ref") (param i32 f32 f32)
    (f32.store (local.get 0) (block (result f32)
      (drop (br_if 0 (local.get 1) (i32.eq (local.get 0) (i32.const -1))))
      (f32.add (local.get 1) (local.get 2)))))
  (func (export "f32_sub_ref") (param i32 f32 f32)
    (f32.store (local.get 0) (block (result f32)
      (drop (br_if 0 (local.get 1) (i32.eq (local.get 0) (i32.const -1))))
      (f32.sub (local.get 1) (local.get 2)))))
  (func (export "f64_add_ref") (param i32 f64 f64)
    (f64.store (local.get 0) (block (result f64)
      (drop (br_if 0 (local.get 1) (i32.eq (local.get 0) (i32.const -1))))
      (f64.add (local.get 1) (local.get 2)))))
  (func (export "f64_sub_ref") (param i32 f64 f64)
    (f64.store (local.get 0) (block (result f64)
      (drop (br_if 0 (local.get 1) (i32.eq (local.get 0) (i32.const -1))))
      (f64.sub (local.get 1) (local.get 2)))))
  ;; *(p + 4) = a + b (f32), *(p + 8) = a - b (f64)
  (func (export "f32_add_off") (param i32 f32 f32)
    (f32.store offset=4 (local.get 0) (f32.add (local.get 1) (local.get 2))))
  (func (export "f64_sub_off") (param i32 f64 f64)
    (f64.store offset=8 (local.get 0) (f64.sub (local.get 1) (local.get 2))))
  ;; *p = t = a - b; t (f32), *p = t = a + b; t (f64)
  (func (export "f32_sub_tee") (param i32 f32 f32) (result f32) (local f32)
    (f32.store (local.get 0) (local.tee 3 (f32.sub (local.get 1) (local.get 2))))
    (local.get 3))
  (func (export "f64_add_tee") (param i32 f64 f64) (result f64) (local f64)
    (f64.store (local.get 0) (local.tee 3 (f64.add (local.get 1) (local.get 2))))
    (local.get 3))
  ;; a butterfly: out[0] = a + b, out[1] = a - b (f32)
  (func (export "bfly") (param i32 f32 f32)
    (f32.store (local.get 0) (f32.add (local.get 1) (local.get 2)))
    (f32.store offset=4 (local.get 0) (f32.sub (local.get 1) (local.get 2))))
)
