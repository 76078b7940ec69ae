;; SPDX-License-Identifier: MIT
;; engine_trace.wat: where a failed call stopped (mw_trap_trace,
;; tests/engine/test_engine.c test_trap_trace). Function indices: 0 the host
;; import env.cb, 1 $div, 2 $mid, 3 $top, 4 $via_host, 5 $deep; wasm-tools
;; writes their names into the name section (mw_module_func_name).
(module
  (import "env" "cb" (func $cb (param i32) (result i32)))
  ;; 100 / x: traps for x = 0
  (func $div (export "div") (param i32) (result i32)
    (i32.div_u (i32.const 100) (local.get 0)))
  (func $mid (param i32) (result i32)
    (call $div (local.get 0)))
  ;; top -> mid -> div
  (func $top (export "top") (param i32) (result i32)
    (call $mid (local.get 0)))
  ;; the host function with x
  (func $via_host (export "via_host") (param i32) (result i32)
    (call $cb (local.get 0)))
  ;; x levels of $deep, then div(0)
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (call $deep (i32.sub (local.get 0) (i32.const 1))))
      (else (call $div (i32.const 0))))))
