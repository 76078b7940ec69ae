;; SPDX-License-Identifier: MIT
;; Functions whose end is reached only as dead code (the body ends in
;; unreachable, br or return before it) but which return results: the lowered
;; RETURN at the end still names the result slots, which must lie inside the
;; frame, or wasm-cross's code check refuses the module (clang -O0 emits such
;; functions: Lua 5.4 built -O0 had `(func (result i32) unreachable)`).
;; test_images.py::test_round_trip: the image behaves as the .wasm.
(module
  (func (export "only_unreachable") (result i32)
    unreachable)
  (func (export "params_unreachable") (param i32 i32 i32 i32 i32) (result i64)
    unreachable)
  (func (export "locals_unreachable") (param i32) (result f64) (local i32 i64)
    unreachable)
  (func (export "two_results") (param i32) (result i32 i64)
    unreachable)
  (func (export "block_then_unreachable") (param i32) (result i32)
    (block
      (br_if 0 (local.get 0)))
    unreachable)
  (func (export "ends_in_br") (param i32) (result i32)
    (br 0 (i32.add (local.get 0) (i32.const 4))))
  (func (export "ends_in_return") (param i32) (result i32)
    (return (i32.mul (local.get 0) (i32.const 7))))
)
