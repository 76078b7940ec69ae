;; SPDX-License-Identifier: MIT
;; A start function that stores into an imported memory (tests/*/test_sheap.py):
;; over the ro region "rodata" it faults at instantiation -> wasm.Trap.
(module
  (import "env" "ro" (memory 1 (pagesize 1)))
  (func $start (i32.store8 (i32.const 2) (i32.const 7)))
  (start $start)
  (func (export "noop"))
)
