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
