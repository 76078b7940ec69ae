;; SPDX-License-Identifier: MIT
;; A table beyond the engine's size limit (tests/cases/error_cases.py): valid
;; wasm, refused at instantiation with "table too large".
(module
  (table 20000000 funcref)
)
