;; SPDX-License-Identifier: MIT
;; A mutant of a wasm-tools smith module (tests/fuzz/diff.py, seed 7): a type
;; returning externref. We accept it, as Wasm 2.0 does; the differential said
;; "wasm-tools validate: invalid" because its feature list ("-all,...") had
;; also dropped wasmparser's internal gc-types. Valid with our feature set.
(module
  (type (func (param f32) (result i32 i64 externref)))
  (global (mut i32) (i32.const 100))
  (func (export "first") (param f32) (result i32 i64 externref)
    (i32.const 7) (i64.const -1) (ref.null extern)))
