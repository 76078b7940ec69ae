;; SPDX-License-Identifier: MIT
;; Branch twins (mw_config.h MW_BRANCH_TWINS, mw_int.h MW_BR_TWIN_ROWS): a
;; loop whose back edge is a compare-and-branch (i < n: a _BACK twin, which
;; polls) and two forward ones (n <= 0 past the loop, i & 1 == 0 past the
;; count: _FWD twins, which do not); no add right before a branch that reads
;; its result, so none is a fused row's partner. odd(n): the odd i in 1 .. n.
(module
  (func (export "odd") (param $n i32) (result i32)
    (local $i i32) (local $odd i32)
    (block $done
      (br_if $done (i32.le_s (local.get $n) (i32.const 0)))
      (loop $top
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (block $even
          (br_if $even (i32.eqz (i32.and (local.get $i) (i32.const 1))))
          (local.set $odd (i32.add (local.get $odd) (i32.const 1))))
        (br_if $top (i32.lt_s (local.get $i) (local.get $n)))))
    (local.get $odd))
)
