;; SPDX-License-Identifier: MIT
;; A signalling NaN passes through params, locals, select and globals bit for
;; bit (the campaign of issue 17: wasmtime-py reads f32 through a double and
;; quiets it, so the differential compares raw values).
(module
  (global $g (mut f32) (f32.const 0))
  (func (export "id32") (param f32) (result f32) (local.get 0))
  (func (export "id64") (param f64) (result f64) (local.get 0))
  (func (export "via_global") (param f32) (result f32)
    (global.set $g (local.get 0)) (global.get $g))
  (func (export "pick") (param f32 f32 i32) (result f32)
    (select (local.get 0) (local.get 1) (local.get 2))))
