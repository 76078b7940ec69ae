;; SPDX-License-Identifier: MIT
;; I32_ADD_IMMH_GLOBAL_SET and GLOBAL_GET_ADD_SET (mw_int.h, formats 53-54)
;; away from a prologue (test_engine.c test_global_rows). `imp`: the stack
;; pointer an imported mutable global (the row sets the host's global);
;; `land_add`: the global.get a block's last op, a br_if naming the block
;; with its own value, so that branch lands on the add (the read skipped);
;; `set_i64`: the sum set into a local right before the i64 global's set,
;; so the row's GLOBAL_SET stores another value of another type; `loop_head`:
;; the row at a loop's head, the back branch landing on it; `other`: the
;; read of one global, the set of another.
(module
  (import "env" "sp" (global $sp (mut i32)))
  (global $g (mut i32) (i32.const 100))
  (global $w (mut i64) (i64.const 0))
  (func (export "imp") (param i32) (result i32)
    (global.set $sp (i32.sub (global.get $sp) (i32.const 32768)))
    (global.set $sp (i32.add (global.get $sp) (local.get 0)))
    (global.set $sp (i32.add (global.get $sp) (i32.const 32767)))
    (global.get $sp))
  (func (export "land_add") (param i32 i32) (result i32)
    (global.set $g
      (i32.add
        (block (result i32)
          (br_if 0 (local.get 0) (local.get 1))
          drop
          (global.get $g))
        (i32.const -16)))
    (global.get $g))
  (func (export "set_i64") (param i32) (result i32)
    (global.set $w
      (block (result i64)
        (i64.extend_i32_u (local.get 0))
        (local.set 0 (i32.add (global.get $g) (i32.const 100)))))
    (i32.xor (i32.wrap_i64 (i64.shr_u (global.get $w) (i64.const 1))) (local.get 0)))
  (func (export "loop_head") (param i32) (result i32)
    (local.set 0 (i32.and (local.get 0) (i32.const 7)))
    (loop $l
      (global.set $g (i32.add (global.get $g) (i32.const 3)))
      (br_if $l (i32.gt_s (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 0))))
    (global.get $g))
  (func (export "other") (param i32) (result i32)
    (global.set $g (local.get 0))
    (global.set $sp (i32.add (global.get $g) (i32.const -1)))
    (global.get $sp)))
