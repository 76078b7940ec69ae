;; SPDX-License-Identifier: MIT
;; The app.wasm of docs/filesystem.md's main.py: add(a, b), nothing imported.
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
