;; SPDX-License-Identifier: MIT
;; An i32.add whose result only the i32.store right after it reads, as its
;; value (lower.c fuse_value): STORE32_XVR "x a b", the add and the store's
;; in-bounds case in one op. Sums wrap; an address past the end traps and
;; stores nothing. A sum kept by local.tee, one behind a label (block end)
;; and an i64 one.
(module
  (memory (export "mem") 1 1)
  (func (export "rd32") (param i32) (result i32) (i32.load (local.get 0)))
  ;; *p = a + b
  (func (export "st") (param i32 i32 i32)
    (i32.store (local.get 0) (i32.add (local.get 1) (local.get 2))))
  ;; *(p + 4) = a + b
  (func (export "st4") (param i32 i32 i32)
    (i32.store offset=4 (local.get 0) (i32.add (local.get 1) (local.get 2))))
  ;; *p = t = a + b; t ^ 1
  (func (export "st_tee") (param i32 i32 i32) (result i32) (local i32)
    (i32.store (local.get 0) (local.tee 3 (i32.add (local.get 1) (local.get 2))))
    (i32.xor (local.get 3) (i32.const 1)))
  ;; *p = (block: a + b): a label between the add and the store
  (func (export "st_label") (param i32 i32 i32)
    (i32.store (local.get 0) (block (result i32) (i32.add (local.get 1) (local.get 2)))))
  ;; *(i64 *)p = a + b, 64-bit
  (func (export "st64") (param i32 i32 i32)
    (i64.store (local.get 0) (i64.add (i64.extend_i32_u (local.get 1)) (i64.extend_i32_u (local.get 2)))))
)
