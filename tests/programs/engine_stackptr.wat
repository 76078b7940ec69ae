;; SPDX-License-Identifier: MIT
;; An i32.add of a constant that fits 16 bits right before a global.set
;; (lower.c narrow_imm): the I32_ADD_IMMH becomes I32_ADD_IMMH_GLOBAL_SET
;; (mw_int.h), whose handler sets the global after the add without a
;; dispatch. `frame`: a C function's prologue and epilogue as clang makes
;; them (the stack pointer moved down into a local, put back before the
;; return), calling `leaf` which does the same, each storing into its frame;
;; it returns what it read back, and `sp` says whether the pointer came back.
;; `set_add`: the global set to x + k over edge values; `tee`: the sum kept
;; in a local too (the add's destination is the local the GLOBAL_SET reads);
;; `join`: the global's value a block's result whose end a br_if names, so
;; that branch lands on the GLOBAL_SET (it runs alone there); `wide`: a
;; constant past 16 bits (I32_ADD_IMM, no row); `loaded`: a load before the
;; add takes it as its partner (LOAD32_U_I32_ADD_IMMH), no row. The
;; prologue's global.get before the add and set is GLOBAL_GET_ADD_SET, all
;; three in one dispatch; `get_then_set`: a global.get right before an
;; unrelated add and set (its value used after them) is too.
(module
  (memory 1)
  (global $sp (mut i32) (i32.const 4096))
  (global $g (mut i32) (i32.const 0))
  (func $leaf (param i32) (result i32) (local i32)
    global.get $sp
    i32.const 16
    i32.sub
    local.tee 1
    global.set $sp
    (i32.store offset=4 (local.get 1) (i32.add (local.get 0) (i32.const 1)))
    (i32.load offset=4 (local.get 1))
    local.get 1
    i32.const 16
    i32.add
    global.set $sp)
  (func (export "frame") (param i32) (result i32) (local i32)
    global.get $sp
    i32.const 32
    i32.sub
    local.tee 1
    global.set $sp
    (i32.store offset=8 (local.get 1) (local.get 0))
    (i32.add (call $leaf (local.get 0)) (i32.load offset=8 (local.get 1)))
    local.get 1
    i32.const 32
    i32.add
    global.set $sp)
  (func (export "sp") (result i32) (global.get $sp))
  (func (export "set_add") (param i32) (result i32)
    (global.set $g (i32.add (local.get 0) (i32.const 32767)))
    (global.get $g))
  (func (export "set_sub") (param i32) (result i32)
    (global.set $g (i32.sub (local.get 0) (i32.const 32768)))
    (global.get $g))
  (func (export "tee") (param i32) (result i32) (local i32)
    (global.set $g (local.tee 1 (i32.add (local.get 0) (i32.const -5))))
    (i32.sub (global.get $g) (i32.mul (local.get 1) (i32.const 3))))
  (func (export "join") (param i32 i32) (result i32)
    (global.set $g
      (block (result i32)
        (br_if 0 (i32.const 77) (local.get 1))
        drop
        (i32.add (local.get 0) (i32.const 3))))
    (global.get $g))
  (func (export "wide") (param i32) (result i32)
    (global.set $g (i32.add (local.get 0) (i32.const 65536)))
    (global.get $g))
  (func (export "get_then_set") (param i32) (result i32)
    (global.get $g)
    (global.set $g (i32.add (local.get 0) (i32.const 7)))
    (i32.mul (global.get $g) (i32.const 3))
    i32.add)
  (func (export "loaded") (param i32) (result i32)
    (global.set $g (i32.add (i32.load (local.get 0)) (i32.const 9)))
    (global.get $g)))
