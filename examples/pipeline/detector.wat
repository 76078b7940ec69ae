;; SPDX-License-Identifier: MIT
;; The detector stage of the sampling pipeline (README.md): upward crossings
;; of a threshold in the filtered ring. Results go to an output window:
;;   out+0  crossings found          out+4  samples seen
;;   out+8  sum of the filtered samples (mod 2^32), a check on the filter
;;   out+12 the sample number of each crossing, up to `cap` of them
(module
  (memory 1)
  (global $flt (mut i32) (i32.const 0))
  (global $out (mut i32) (i32.const 0))
  (global $cap (mut i32) (i32.const 0))
  (global $thr (mut i32) (i32.const 0))
  (global $prev (mut i32) (i32.const 0))

  ;; setup(flt, out, cap, threshold)
  (func (export "setup") (param $flt i32) (param $out i32) (param $cap i32) (param $thr i32)
    (global.set $flt (local.get $flt))
    (global.set $out (local.get $out))
    (global.set $cap (local.get $cap))
    (global.set $thr (local.get $thr))
    (global.set $prev (i32.const 0))
    (i32.store (local.get $out) (i32.const 0))
    (i32.store offset=4 (local.get $out) (i32.const 0))
    (i32.store offset=8 (local.get $out) (i32.const 0)))

  ;; run(start, count): look at filtered ring slots start .. start+count-1
  (func (export "run") (param $start i32) (param $count i32)
    (local $off i32) (local $end i32) (local $v i32) (local $n i32) (local $seen i32) (local $sum i32)
    (local.set $off (i32.shl (local.get $start) (i32.const 2)))
    (local.set $end (i32.add (local.get $off) (i32.shl (local.get $count) (i32.const 2))))
    (local.set $n (i32.load (global.get $out)))
    (local.set $seen (i32.load offset=4 (global.get $out)))
    (local.set $sum (i32.load offset=8 (global.get $out)))
    (loop $next
      (local.set $v (i32.load (i32.add (global.get $flt) (local.get $off))))
      (local.set $sum (i32.add (local.get $sum) (local.get $v)))
      (if (i32.and (i32.lt_s (global.get $prev) (global.get $thr))
                   (i32.ge_s (local.get $v) (global.get $thr)))
        (then
          (if (i32.lt_u (local.get $n) (global.get $cap))
            (then
              (i32.store offset=12
                (i32.add (global.get $out) (i32.shl (local.get $n) (i32.const 2)))
                (local.get $seen))))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))))
      (global.set $prev (local.get $v))
      (local.set $seen (i32.add (local.get $seen) (i32.const 1)))
      (local.set $off (i32.add (local.get $off) (i32.const 4)))
      (br_if $next (i32.lt_u (local.get $off) (local.get $end))))
    (i32.store (global.get $out) (local.get $n))
    (i32.store offset=4 (global.get $out) (local.get $seen))
    (i32.store offset=8 (global.get $out) (local.get $sum))))
