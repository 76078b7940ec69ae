;; SPDX-License-Identifier: MIT
;; tests/host/test_op_profile.py: run(n) loops n times through a load and a
;; store at constant addresses (a C program's globals: `i32.const A; i32.load
;; offset=B`, `i32.const 0; i32.store offset=A`), a constant stored (no slot:
;; STORE32_K) and a constant put in a local (no load's): the constant-address
;; share must count the first two, once a pass each.
(module
  (memory 1)
  (func (export "run") (param $n i32) (result i32) (local $s i32)
    (loop $l
      (local.set $s (i32.const 3))
      (i32.store offset=8 (i32.const 0)
        (i32.add (i32.load offset=4 (i32.const 60000)) (local.get $s)))
      (i32.store (local.get $n) (i32.const 7))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (i32.load offset=8 (i32.const 0))))
