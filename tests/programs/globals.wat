;; SPDX-License-Identifier: MIT
;; Exported globals, immutable and mutable, of each number type.
(module
  (global (export "c32") i32 (i32.const -7))
  (global $m (export "m64") (mut i64) (i64.const -1))
  (global (export "f32") f32 (f32.const 1.5))
  (global (export "f64") f64 (f64.const -0.25))
  (func (export "get_m") (result i64) global.get $m)
  (func (export "inc_m") global.get $m i64.const 1 i64.add global.set $m)
)
