;; SPDX-License-Identifier: MIT
;; trap_where.wat: traps of several kinds at a depth, for the message and
;; fields of wasm.Trap (tests/cases/error_cases.py, tests/host/test_trap_where.py).
;; Function indices: 0 the import env.cb, 1 $div, 2 $mid, 3 $run, 4 $via_host,
;; 5 $deep, 6 $load, 7 $unreachable, 8 $overflow, 9 $indirect;
;; wasm-tools writes their names ($...) into the name section, which
;; trap_where_plain.wat, the same code, has not.
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  (memory 1)
  (table 2 funcref)
  (func $div (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func $mid (param i32 i32) (result i32)
    (if (result i32) (i32.eq (local.get 1) (i32.const 0))
      (then (call $div (local.get 0)))
      (else
        (if (result i32) (i32.eq (local.get 1) (i32.const 1))
          (then (call $load (local.get 0)))
          (else
            (if (result i32) (i32.eq (local.get 1) (i32.const 2))
              (then (call $unreachable))
              (else
                (if (result i32) (i32.eq (local.get 1) (i32.const 3))
                  (then (call $overflow (local.get 0)))
                  (else (call $indirect (local.get 0)))))))))))
  ;; run(x, kind): run -> mid -> the kind's function (0 div, 1 load, 2 unreachable, 3 overflow, 4 indirect)
  (func $run (export "run") (param i32 i32) (result i32)
    (call $mid (local.get 0) (local.get 1)))
  (func $via_host (export "via_host") (param i32) (result i32)
    (call $cb (local.get 0)))
  ;; x levels of $deep, then div(0)
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
      (else (call $div (i32.const 0)))))
  (func $load (param i32) (result i32)
    (i32.load (local.get 0)))
  (func $unreachable (result i32)
    unreachable)
  (func $overflow (param i32) (result i32)
    (i32.div_s (local.get 0) (i32.const -1)))
  (func $indirect (param i32) (result i32)
    (call_indirect (result i32) (local.get 0)))
  ;; an endless loop: fuel runs out in it
  (func $spin (export "spin")
    (loop $l (br $l))))
