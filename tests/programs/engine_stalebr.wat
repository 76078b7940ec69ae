;; SPDX-License-Identifier: MIT
;; A comparison fused into its branch after a block's end, the instruction
;; lowered before it gone: lower_branch.c emit_cond's BR_EQ / BR_NE operand
;; swap (for a load fused into the branch) read the unit before the
;; remembered instruction without asking whether that instruction still ends
;; where the comparison begins. Here it does not (the loop's back-edge fused
;; i32.and, i32.eqz and br_if into one BR_ANDZ, and the remembered index is
;; where the comparison's own code now starts): the unit read was a slot, an
;; index far past the op tables (held-out planarity's wasm-cross crashed on it).
(module
  (memory 1)
  (func (export "f") (param $p i32) (param $a i32) (param $b i32) (result i32)
    (local $x i32)
    block
      loop
        local.get $p
        i32.load offset=12
        local.tee $x
        i32.const 1
        i32.and
        i32.eqz
        br_if 0
      end
    end
    local.get $a
    local.get $b
    i32.ne
    if
      local.get $x
      return
    end
    i32.const -137)
  (func (export "wr32") (param i32 i32)
    local.get 0
    local.get 1
    i32.store))
