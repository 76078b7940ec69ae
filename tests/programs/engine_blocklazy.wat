;; SPDX-License-Identifier: MIT
;; Values under a block's parameters left where they are (lower.c
;; lazy_under, full profile): a local's read or a constant under a block,
;; loop or if is not copied at its entry; a block that writes such a local
;; makes the function lowered again with the copy at every entry
;; (save_read), so the read still gives the old value. And a block's one
;; result taken by the local.set or local.tee right after its end
;; (result_into): each writer of the result writes the local, and the
;; local.set copies nothing; not where a br_if or br_table leaves for the
;; end, nor where the local is read from under the block.
;; And a block, loop or if with parameters in unreachable code, inside a
;; block entered with a constant or a local's read under it (dead_*): the
;; value under the outer block stays lazy, and the code after its end puts
;; it where it is used (session 43's fuzz finding: the inner block's entry
;; marked it as in its slot, with no code, and 0 was read instead).
(module
  ;; x + (if c then y else y * 2): x read under the if, not written in it
  (func (export "under_if") (param i32 i32 i32) (result i32)
    (i32.add (local.get 0)
      (if (result i32) (local.get 1)
        (then (local.get 2))
        (else (i32.mul (local.get 2) (i32.const 2))))))
  ;; x + (block: x = x * 3; x): the block writes x, read under it: the old x
  (func (export "under_written") (param i32) (result i32)
    (i32.add (local.get 0)
      (block (result i32)
        (local.set 0 (i32.mul (local.get 0) (i32.const 3)))
        (local.get 0))))
  ;; the same through a loop that counts x down to 0: old x + 0 ... the sum
  (func (export "under_loop") (param i32) (result i32) (local i32)
    (i32.add (local.get 0)
      (block (result i32)
        (loop
          (local.set 1 (i32.add (local.get 1) (local.get 0)))
          (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))
          (br_if 0))
        (local.get 1))))
  ;; a constant under a block: 1000 + (c ? a : b)
  (func (export "under_const") (param i32 i32 i32) (result i32)
    (i32.add (i32.const 1000)
      (block (result i32)
        (br_if 0 (local.get 1) (local.get 0))
        (drop)
        (local.get 2))))
  ;; y = c ? a + 1 : b - 1 (an if's result into a local), then y * 2
  (func (export "into_if") (param i32 i32 i32) (result i32) (local i32)
    (local.set 3
      (if (result i32) (local.get 0)
        (then (i32.add (local.get 1) (i32.const 1)))
        (else (i32.sub (local.get 2) (i32.const 1)))))
    (i32.mul (local.get 3) (i32.const 2)))
  ;; a = (c == 0 ? 7 : c > 10 ? a : b) through a block and two br, into a
  ;; itself by local.tee: each arm reads the old a
  (func (export "into_block") (param i32 i32 i32) (result i32)
    (local.tee 1
      (block (result i32)
        (if (i32.eqz (local.get 0)) (then (br 1 (i32.const 7))))
        (if (i32.gt_u (local.get 0) (i32.const 10)) (then (br 1 (local.get 1))))
        (i32.add (local.get 1) (local.get 2))))
    (i32.add (local.get 1)))
  ;; a br_if leaves for the end: the result stays in its slot (a = c ? a : b + a)
  (func (export "into_br_if") (param i32 i32 i32) (result i32)
    (local.set 1
      (block (result i32)
        (br_if 0 (local.get 1) (local.get 0))
        (drop)
        (i32.add (local.get 2) (local.get 1))))
    (local.get 1))
  ;; k + 0 (c != 0) or k + 1: an f64 constant under a block whose rest, after
  ;; br_if, is unreachable code holding a block with a parameter
  (func (export "dead_block") (param i32) (result i64)
    (f64.const -nan:0xfffffffffbfff)
    (block
      (br_if 0 (local.get 0))
      (br 0)
      (block (param i32) (drop)))
    (i64.reinterpret_f64)
    (i64.extend_i32_u (i32.eqz (local.get 0)))
    (i64.add))
  ;; 1000 + c: a constant under a block whose dead code holds a loop with a parameter
  (func (export "dead_loop") (param i32) (result i32)
    (i32.const 1000)
    (block
      (br 0)
      (loop (param i32) (drop)))
    (i32.add (local.get 0)))
  ;; c * 3: a local's read under a block whose dead code holds an if with a parameter
  (func (export "dead_if") (param i32) (result i32)
    (local.get 0)
    (block
      (br 0)
      (if (param i32) (i32.const 1) (then (drop)) (else (drop))))
    (i32.mul (i32.const 3)))
  ;; a read of the local from under the block: old a + (a = c ? b : b + 1)
  (func (export "into_read_under") (param i32 i32 i32) (result i32)
    (local.get 1)
    (local.set 1
      (if (result i32) (local.get 0)
        (then (local.get 2))
        (else (i32.add (local.get 2) (i32.const 1)))))
    (i32.add (local.get 1)))
)
