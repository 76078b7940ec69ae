;; SPDX-License-Identifier: MIT
;; engine_tgrow.wat: table.grow in a lazy module whose allocator has no room
;; until lowered code is given back (memory.c table_grow, lazy.c
;; mw_lazy_reclaim; tests/engine/test_engine.c test_lazy_table_grow_reclaim):
;; "warm" lowers $f1, $f2 and itself; "run" calls $grow: run waits on a frame
;; and grow runs the table.grow, so only warm, $f1 and $f2 may be dropped.
;; Both carry on in their own code after it, and run calls $f1 again
;; (lowered again if it was dropped).
(module
  (table $t 1 funcref)
  (func $f1 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 31)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x1111)))
  (func $f2 (param i32) (result i32) (local i32)
    (loop $l
      (local.set 1 (i32.add (i32.mul (local.get 1) (i32.const 37)) (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.gt_s (local.get 0) (i32.const 0))))
    (i32.xor (local.get 1) (i32.const 0x2222)))
  (func (export "warm") (param i32) (result i32)
    (i32.add (call $f1 (local.get 0)) (call $f2 (local.get 0))))
  ;; grows the table by $0 null elements; the old size * 16 plus table.size after it
  (func $grow (param i32) (result i32) (local i32)
    (local.set 1 (table.grow $t (ref.null func) (local.get 0)))
    (i32.add (i32.mul (local.get 1) (i32.const 16)) (table.size $t)))
  (func (export "run") (param i32) (result i32)
    (i32.add (i32.mul (call $grow (local.get 0)) (i32.const 1000)) (call $f1 (i32.const 5)))))
