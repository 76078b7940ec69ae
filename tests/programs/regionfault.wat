;; SPDX-License-Identifier: MIT
;; A store into a memory of 1-byte pages over the board's "rodata" region (ro) from a
;; few calls down, by name (tests/cases/sheap_cases.py "a_fault_says_where"): the MPU
;; (mprotect on the host) refuses it, and the wasm.Trap says where, as any trap.
;; hop: another instance's `run` (the fault then in that instance), or Python.
(module
  (import "env" "ro" (memory 1 (pagesize 1)))
  (import "env" "hop" (func $hop (param i32)))
  (func $poke (export "poke") (param i32 i32) (i32.store8 (local.get 0) (local.get 1)))
  (func $mid (param i32) (call $poke (local.get 0) (i32.const 7)))
  (func $run (export "run") (param i32) (call $mid (local.get 0)))
  (func $fill (export "fill") (param i32) (memory.fill (local.get 0) (i32.const 1) (i32.const 4)))
  (func $via (export "via") (param i32) (call $hop (local.get 0)))
  (func $div (export "div") (param i32) (result i32) (i32.div_u (i32.const 1) (local.get 0)))
)
