;; SPDX-License-Identifier: MIT
;; engine_lazy.wat: functions lowered on first call (MW_LOAD_LAZY,
;; tests/engine/test_engine.c test_lazy_*): an export calling an internal
;; function directly and another through the table, recursion, a function
;; only reachable by the table, and one nothing calls.
(module
  (type $binop (func (param i32 i32) (result i32)))
  (table 2 funcref)
  (elem (i32.const 0) $mul $sub)
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func $mul (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1)))
  (func $sub (param i32 i32) (result i32) (i32.sub (local.get 0) (local.get 1)))
  (func $never (param i32) (result i32) (local i64 f64)
    (i32.wrap_i64 (i64.mul (i64.extend_i32_u (local.get 0)) (i64.const 1000003))))
  ;; (a + b) * a, the product through table slot 0
  (func (export "mix") (param i32 i32) (result i32)
    (call_indirect (type $binop) (call $add (local.get 0) (local.get 1)) (local.get 0) (i32.const 0)))
  ;; any table slot: $mul or $sub, or a trap
  (func (export "apply") (param i32 i32 i32) (result i32)
    (call_indirect (type $binop) (local.get 0) (local.get 1) (local.get 2)))
  (func $fact (export "fact") (param i32) (result i32)
    (if (result i32) (i32.le_u (local.get 0) (i32.const 1))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1))))))))
