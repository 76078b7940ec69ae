;; SPDX-License-Identifier: MIT
;; engine_grow.wat: memory.grow in a lazy module whose allocator has no room
;; until lowered code is given back (lazy.c mw_lazy_reclaim,
;; tests/engine/test_engine.c test_lazy_grow_reclaim): "warm" lowers $f1, $f2
;; and itself; "run" calls $mid, which calls $grow: run and mid wait on
;; frames and grow runs the memory.grow, so only warm, $f1 and $f2 may be
;; dropped. All three carry on in their own code after it, and run calls $f1
;; again (lowered again if it was dropped).
(module
  (memory 1)
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
  ;; grows by $0 pages; the old size * 16 plus memory.size after it
  (func $grow (param i32) (result i32) (local i32)
    (local.set 1 (memory.grow (local.get 0)))
    (i32.add (i32.mul (local.get 1) (i32.const 16)) (memory.size)))
  (func $mid (param i32) (result i32) (local i32)
    (local.set 1 (call $grow (local.get 0)))
    ;; a store and a load at the last word of the memory as it is now
    (i32.store (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)) (local.get 1))
    (i32.load (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4))))
  (func (export "run") (param i32) (result i32)
    (i32.add (i32.mul (call $mid (local.get 0)) (i32.const 1000)) (call $f1 (i32.const 5)))))
