;; SPDX-License-Identifier: MIT
;; A 4 MiB memory and calls that push frames (recursion) or unwind them (a
;; trap): once the instance is dropped, nothing the runtime keeps may hold it.
(module
  (memory 64)
  (func $r (export "recurse") (param i32) (result i32)
    local.get 0 i32.eqz
    if (result i32)
      i32.const 0
    else
      local.get 0 i32.const 1 i32.sub call $r
    end)
  (func (export "trap") (param i32) (result i32)
    local.get 0 i32.eqz
    if unreachable end
    local.get 0 i32.const 1 i32.sub call 1)
)
