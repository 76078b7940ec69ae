;; SPDX-License-Identifier: MIT
;; The filter stage of the sampling pipeline (README.md): a moving average of
;; 4 samples. It reads the raw ring and writes the filtered ring, both int32
;; rings of the same length in a window every stage maps at the same address.
;; run(start, count) is called by machine.Sampler for every block; the last 3
;; samples of the previous block are kept here, not read back from the ring
;; (the producer may already have overwritten them).
(module
  (memory 1)
  (global $raw (mut i32) (i32.const 0))
  (global $flt (mut i32) (i32.const 0))
  (global $h1 (mut i32) (i32.const 0))
  (global $h2 (mut i32) (i32.const 0))
  (global $h3 (mut i32) (i32.const 0))

  ;; setup(raw, flt): the app addresses of the raw and the filtered ring
  (func (export "setup") (param $raw i32) (param $flt i32)
    (global.set $raw (local.get $raw))
    (global.set $flt (local.get $flt))
    (global.set $h1 (i32.const 0))
    (global.set $h2 (i32.const 0))
    (global.set $h3 (i32.const 0)))

  ;; run(start, count): filter ring slots start .. start+count-1
  (func (export "run") (param $start i32) (param $count i32)
    (local $off i32) (local $end i32) (local $v i32)
    (local.set $off (i32.shl (local.get $start) (i32.const 2)))
    (local.set $end (i32.add (local.get $off) (i32.shl (local.get $count) (i32.const 2))))
    (loop $next
      (local.set $v (i32.load (i32.add (global.get $raw) (local.get $off))))
      (i32.store (i32.add (global.get $flt) (local.get $off))
        (i32.shr_s
          (i32.add (i32.add (local.get $v) (global.get $h1))
                   (i32.add (global.get $h2) (global.get $h3)))
          (i32.const 2)))
      (global.set $h3 (global.get $h2))
      (global.set $h2 (global.get $h1))
      (global.set $h1 (local.get $v))
      (local.set $off (i32.add (local.get $off) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $off) (local.get $end))))))
