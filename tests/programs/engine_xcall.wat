;; SPDX-License-Identifier: MIT
;; Calls that switch instance and back (exec.c call_def and the return: a
;; frame holds its caller's instance only where the instance changes). The
;; test instantiates this module twice into one embedder table, $who 0 and 1
;; (each instance's slot); run(n) recurses n deep, each level in the other
;; instance, through the table (call_indirect of a function object of the
;; other instance). After each return the level reads its own memory and
;; calls its own $mix (CALL_DEF): a return that left the callee's instance
;; running reads the other memory. At the bottom the host function $probe
;; may re-enter the engine (mw_call from inside a call) or trap.
(module
  (type $ii (func (param i32) (result i32)))
  (import "env" "t" (table $t 2 funcref))
  (import "env" "who" (global $who i32))
  (import "env" "probe" (func $probe (param i32) (result i32)))
  (memory 1)
  (elem (table $t) (global.get $who) func $run)
  (func $init (i32.store (i32.const 0) (i32.add (global.get $who) (i32.const 1000))))
  (start $init)
  ;; this instance's own arithmetic: 3x + its memory word
  (func $mix (param i32) (result i32)
    (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.load (i32.const 0))))
  (func $run (export "run") (param $n i32) (result i32)
    (local $r i32)
    (if (i32.eqz (local.get $n))
      (then (return (call $mix (call $probe (global.get $who))))))
    (local.set $r
      (call_indirect $t (type $ii)
        (i32.sub (local.get $n) (i32.const 1))
        (i32.sub (i32.const 1) (global.get $who))))
    (i32.add (call $mix (local.get $r)) (i32.load (i32.const 0)))))
