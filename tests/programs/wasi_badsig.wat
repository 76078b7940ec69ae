;; SPDX-License-Identifier: MIT
;; fd_write imported with the wrong type: a LinkError, not a call with junk.
(module
  (import "wasi_snapshot_preview1" "fd_write" (func (param i32) (result i32))))
