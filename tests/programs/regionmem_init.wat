;; SPDX-License-Identifier: MIT
;; A data segment that writes into an imported memory
;; (tests/*/test_sheap.py): over the ro region "rodata" it faults at
;; instantiation, which must come back as wasm.Trap.
(module
  (import "env" "ro" (memory 1 (pagesize 1)))
  (func (export "noop"))
  (data (i32.const 1) "x")
)
