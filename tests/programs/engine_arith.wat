;; SPDX-License-Identifier: MIT
;; Integer traps and a loop for fuel/poll tests.
(module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
  ;; counts down from n; one loop back-edge per iteration
  (func (export "count") (param i32) (result i32)
    (loop $l
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br_if $l (i32.ne (local.get 0) (i32.const 0))))
    (local.get 0))
  ;; the same loop as a counter branch (BR_ADD_NZ): the back-edges poll alike
  (func (export "count_tee") (param i32) (result i32)
    (loop $l
      (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1)))))
    (local.get 0))
  (func $rec (export "rec") (param i32) (result i32)
    (call $rec (i32.add (local.get 0) (i32.const 1))))
  (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "min") (param f64 f64) (result f64) (f64.min (local.get 0) (local.get 1)))
  (func (export "sqrt") (param f64) (result f64) (f64.sqrt (local.get 0)))
  (func (export "multi") (param i32) (result i32 i64) (local.get 0) (i64.const -1))
)
