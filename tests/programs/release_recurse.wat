;; SPDX-License-Identifier: MIT
;; A call chain n frames deep and no memory: small enough for every board, deep
;; enough to meet a frame budget that wasm.stack_size() set
;; (tests/cases/release_cases.py).
(module
  (func $r (export "recurse") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $r
    end)
)
