;; SPDX-License-Identifier: MIT
;; Windows (docs/windows.md): loads and stores at any app address, memory.grow,
;; and the wasm side of mapping: env.mpwasm_map / env.mpwasm_unmap with a
;; grant's name kept at offset 0 (Python writes it there with set_name).
(module
  (import "env" "mpwasm_map" (func $map (param i32 i32 i32 i32) (result i32)))
  (import "env" "mpwasm_unmap" (func $unmap (param i32) (result i32)))
  (import "host" "cb" (func $cb))
  (memory (export "memory") 1)
  (func (export "ld8") (param i32) (result i32) local.get 0 i32.load8_u)
  (func (export "st8") (param i32 i32) local.get 0 local.get 1 i32.store8)
  (func (export "ld32") (param i32) (result i32) local.get 0 i32.load)
  (func (export "st32") (param i32 i32) local.get 0 local.get 1 i32.store)
  (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  ;; every other way wasm writes memory: wider stores, a store at an address
  ;; plus a constant (the fused address forms), the bulk ops, a store loop
  (data $init "INIT")
  (func (export "st16") (param i32 i32) local.get 0 local.get 1 i32.store16)
  (func (export "st64") (param i32 i64) local.get 0 local.get 1 i64.store)
  (func (export "stf64") (param i32 f64) local.get 0 local.get 1 f64.store)
  (func (export "st32_off8") (param i32 i32) local.get 0 local.get 1 i32.store offset=8)
  (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
  (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)
  (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $init)
  (func (export "st8_loop") (param $a i32) (param $n i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $a) (local.get $n))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
  ;; calls host.cb, then loads: the host may unmap the window in between
  (func (export "cb_then_ld8") (param i32) (result i32) call $cb local.get 0 i32.load8_u)
  ;; follows a pointer stored at addr: the byte at *(u32 *)addr
  (func (export "deref8") (param i32) (result i32) local.get 0 i32.load i32.load8_u)
  ;; sum of n bytes from addr: a loop over a window
  (func (export "sum") (param $a i32) (param $n i32) (result i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $a))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next)))
    local.get $s)
  ;; map the grant whose name is the n bytes at offset 16; flags 1 = write.
  ;; Returns the status; the address lands at offset 8 (read it with ld32(8)).
  (func (export "map") (param $n i32) (param $flags i32) (result i32)
    (call $map (i32.const 16) (local.get $n) (local.get $flags) (i32.const 8)))
  (func (export "map_bad_ptr") (result i32)
    (call $map (i32.const 0xfffffff0) (i32.const 64) (i32.const 0) (i32.const 8)))
  (func (export "unmap") (param i32) (result i32) local.get 0 call $unmap))
