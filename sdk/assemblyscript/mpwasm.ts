// SPDX-License-Identifier: MIT
// mpwasm guest kit for AssemblyScript (sdk/README.md): the shared heap of an
// mpwasm instance (docs/shared-heap.md). Import it from an app:
//   import { alloc, contains, heapBase } from "../../sdk/assemblyscript/mpwasm";
// Host functions are ordinary imports:
//   @external("host", "notify") declare function notify(addr: u32, len: u32): void;
// Heap memory is read and written in place with load<u8>(addr) / store<u8>(addr, v).

// The raw imports (WAMR's malloc/free, mpwasm's base/size).
@external("env", "shared_heap_malloc") declare function shared_heap_malloc(n: u32): u32;
@external("env", "shared_heap_free") declare function shared_heap_free(addr: u32): void;
@external("env", "shared_heap_base") declare function shared_heap_base(): u32;
@external("env", "shared_heap_size") declare function shared_heap_size(): u32;

// The attached chain spans [heapBase(), heapBase() + heapSize()), ending at
// 2^32; both are 0 when no heap is attached.
export function heapBase(): u32 {
  return shared_heap_base();
}

export function heapSize(): u32 {
  return shared_heap_size();
}

// Whether [addr, addr + len) lies inside the attached chain.
export function contains(addr: u32, len: u32): bool {
  const base = shared_heap_base();
  return base != 0 && addr >= base && len <= shared_heap_size() - (addr - base);
}

// len bytes from the shared heap's allocator, 8-byte aligned: their app
// address (what the host sees), or 0 if there is no (writable, managed) heap
// or no room.
export function alloc(len: u32): u32 {
  return shared_heap_malloc(len);
}

// Give back a block from alloc; other addresses are ignored.
export function free(addr: u32): void {
  shared_heap_free(addr);
}

// Windows the host granted by name (docs/windows.md). The statuses:
export const MAP_OK: i32 = 0;
export const MAP_NOT_GRANTED: i32 = 1;
export const MAP_READ_ONLY: i32 = 2;
export const MAP_NO_SPACE: i32 = 3;
export const MAP_NOT_MAPPED: i32 = 4;
export const MAP_FAULT: i32 = 5;
export const MAP_ALREADY: i32 = 6;

@external("env", "mpwasm_map") declare function mpwasm_map(name: usize, name_len: u32, flags: u32, addr: usize): i32;
@external("env", "mpwasm_unmap") declare function mpwasm_unmap(addr: u32): i32;

// Maps grant `name` (read-write if `write`): the window's app address, or
// the negated status (-MAP_NOT_GRANTED, ...) since addresses fill all of u32.
export function map(name: string, write: bool): i64 {
  const utf8 = String.UTF8.encode(name);
  const out = memory.data(4);
  const status = mpwasm_map(changetype<usize>(utf8), <u32>utf8.byteLength, write ? 1 : 0, out);
  return status == MAP_OK ? <i64>load<u32>(out) : -<i64>status;
}

// Unmaps a window the app mapped; the status.
export function unmap(addr: u32): i32 {
  return mpwasm_unmap(addr);
}
