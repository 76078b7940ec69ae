;; SPDX-License-Identifier: MIT
;; docs/wasm.md's REPL walk-through (as walk.wasm): a host function, a memory
;; shared between instances, a loop that only fuel stops.
(module
  (import "env" "log" (func $log (param i32) (result i32)))
  (import "env" "memory" (memory 1 4))
  (func $call_log (export "call_log") (param i32) (result i32) local.get 0 call $log)
  (func $load8 (export "load8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func $spin (export "spin") (loop br 0))
)
