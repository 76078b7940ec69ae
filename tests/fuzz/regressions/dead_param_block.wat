;; SPDX-License-Identifier: MIT
;; Found by tests/fuzz/diff.py (session 43, CI's short differential: smith
;; numeric seed=1796628535 n=22, every load mode): an i64 global xor-ed with
;; `i64.reinterpret_f64` of an f64.const NaN kept its old value on our side.
;; The constant was under a block (left lazy at its entry: lower_t
;; lazy_under, full profile) whose rest, after a br, was unreachable code
;; holding a block with a parameter. That inner block's entry, with fewer
;; values on the polymorphic stack than its parameters, materialized from
;; position 0: no code in unreachable code, but the outer constant marked
;; as in its slot, so the code after the outer block's end read the slot,
;; never written (0 here). Fixed in lower_branch.c (lower_control: never
;; below the current block's height). Not NaN nondeterminism: an integer
;; constant or a local's read under the block was lost the same way.
(module
  (global $g (mut i64) (i64.const 0))
  ;; the finding's shape: g ^= bits of the NaN constant; returns g
  (func (export "nan_const") (result i64)
    f64.const -nan:0xfffffffffbfff
    block
      i64.const 5
      block
        br 1
      end
      block (param i64)
        drop
      end
    end
    i64.reinterpret_f64
    global.get $g
    i64.xor
    global.set $g
    global.get $g)
  ;; 1000 + x, the dead code holding a loop with a parameter
  (func (export "i32_const") (param i32) (result i32)
    i32.const 1000
    block
      br 0
      loop (param i32)
        drop
      end
    end
    local.get 0
    i32.add)
  ;; x, read from under the block, the dead code holding an if with a parameter
  (func (export "local_read") (param i32) (result i32)
    local.get 0
    block
      br 0
      i32.const 1
      if (param i32)
        drop
      else
        drop
      end
    end)
)
