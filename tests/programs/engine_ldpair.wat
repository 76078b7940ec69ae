;; SPDX-License-Identifier: MIT
;; Two i32.loads in a row (LOAD32_U_PAIR: the first does both) and a
;; read-modify-write of one word (LOAD32_U_RMW: the load, an add of a
;; constant and the store to the same address in one op), mw_int.h. Each
;; address outside memory traps in the access's own slow path.
(module
  (memory (export "mem") 1 1)
  (func (export "wr32") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "rd32") (param i32) (result i32) (i32.load (local.get 0)))
  ;; *(a + 4) - *(b + 8): two loads, in order
  (func (export "pair") (param i32 i32) (result i32)
    (i32.sub (i32.load offset=4 (local.get 0)) (i32.load offset=8 (local.get 1))))
  ;; *(*a + 4): the second load's address is the first one's result
  (func (export "chase") (param i32) (result i32)
    (i32.load offset=4 (i32.load (local.get 0))))
  ;; *a == *b taken (1) or not (2): the second load is fused with the branch,
  ;; so the first stays a plain load
  (func (export "pair_br") (param i32 i32) (result i32)
    (block $t
      (br_if $t (i32.eq (i32.load (local.get 0)) (i32.load (local.get 1))))
      (return (i32.const 2)))
    (i32.const 1))
  ;; t = *a; *b += 3; t: the second load is a read-modify-write, so the
  ;; first stays a plain load
  (func (export "pair_rmw") (param i32 i32) (result i32) (local i32)
    (local.set 2 (i32.load (local.get 0)))
    (i32.store (local.get 1) (i32.add (i32.load (local.get 1)) (i32.const 3)))
    (local.get 2))
  ;; *(a + 4) += 5
  (func (export "rmw") (param i32)
    (i32.store offset=4 (local.get 0) (i32.add (i32.load offset=4 (local.get 0)) (i32.const 5))))
  ;; *a -= 7 (an add of -7)
  (func (export "rmw_sub") (param i32)
    (i32.store (local.get 0) (i32.sub (i32.load (local.get 0)) (i32.const 7))))
  ;; old = *a (tee), new = old + 9 (tee), *a = new: old << 16 | new
  (func (export "rmw_tee") (param i32) (result i32) (local i32 i32)
    (i32.store (local.get 0) (local.tee 2 (i32.add (local.tee 1 (i32.load (local.get 0))) (i32.const 9))))
    (i32.or (i32.shl (local.get 1) (i32.const 16)) (local.get 2)))
  ;; *b = *a + 1, *(a + 8) = *(a + 4) + 1: other addresses, no read-modify-write
  (func (export "rmw_other") (param i32 i32)
    (i32.store (local.get 1) (i32.add (i32.load (local.get 0)) (i32.const 1)))
    (i32.store offset=8 (local.get 0) (i32.add (i32.load offset=4 (local.get 0)) (i32.const 1))))
)
