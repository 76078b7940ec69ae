;; SPDX-License-Identifier: MIT
;; An i32.add whose result only the i32.store right after it reads, as its
;; value (lower.c fuse_value): STORE32_XVR "x a b", the add and the store's
;; in-bounds case in one op. Sums wrap; an address past the end traps and
;; stores nothing. A sum kept by local.tee, one behind a label (a block end
;; a branch names), one behind a block end no branch names, and an i64 one.
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
  ;; *p = (block: a + b): a label between the add and the store (a br_if
  ;; names the block's end; taken only for p = -1, where the store traps)
  (func (export "st_label") (param i32 i32 i32)
    (i32.store (local.get 0) (block (result i32)
      (drop (br_if 0 (local.get 1) (i32.eq (local.get 0) (i32.const -1))))
      (i32.add (local.get 1) (local.get 2)))))
  ;; the same block that no branch names: its end is no label, they fuse
  (func (export "st_block") (param i32 i32 i32)
    (i32.store (local.get 0) (block (result i32) (i32.add (local.get 1) (local.get 2)))))
  ;; *(i64 *)p = a + b, 64-bit
  (func (export "st64") (param i32 i32 i32)
    (i64.store (local.get 0) (i64.add (i64.extend_i32_u (local.get 1)) (i64.extend_i32_u (local.get 2)))))
)
