;; SPDX-License-Identifier: MIT
;; trap_where_plain.wat: trap_where.wat without names (no $ identifiers, so
;; no name section): the traps' messages give function indices only.
(module
  (import "env" "cb" (func (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (func (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func (param i32 i32) (result i32)
    (if (result i32) (i32.eq (local.get 1) (i32.const 0))
      (then (call 1 (local.get 0)))
      (else
        (if (result i32) (i32.eq (local.get 1) (i32.const 1))
          (then (call 6 (local.get 0)))
          (else
            (if (result i32) (i32.eq (local.get 1) (i32.const 2))
              (then (call 7))
              (else
                (if (result i32) (i32.eq (local.get 1) (i32.const 3))
                  (then (call 8 (local.get 0)))
                  (else (call 9 (local.get 0)))))))))))
  ;; run(x, kind): run -> mid -> the kind's function (0 div, 1 load, 2 unreachable, 3 overflow, 4 indirect)
  (func (export "run") (param i32 i32) (result i32)
    (call 2 (local.get 0) (local.get 1)))
  (func (export "via_host") (param i32) (result i32)
    (call 0 (local.get 0)))
  ;; x levels of $deep, then div(0)
  (func (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call 5 (i32.sub (local.get 0) (i32.const 1))))
      (else (call 1 (i32.const 0)))))
  (func (param i32) (result i32)
    (i32.load (local.get 0)))
  (func (result i32)
    unreachable)
  (func (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const -1)))
  (func (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
  ;; an endless loop: fuel runs out in it
  (func (export "spin")
    (loop (br 0))))
