// SPDX-License-Identifier: MIT
// The example app in AssemblyScript (examples/README.md): Python puts text in
// a shared heap; process() upper-cases it in place, writes it reversed into a
// block it allocates from the same heap, hands that block to Python through
// the host.notify callback and returns the sum of the upper-cased bytes.
// Nothing is copied between Python and wasm. release() gives a block back.
import { alloc, contains, free } from "../../sdk/assemblyscript/mpwasm";

@external("host", "notify") declare function notify(block: u32, len: u32): void;

export function process(addr: u32, len: u32): u32 {
  if (!contains(addr, len)) return 0; // only text the host put in the heap
  let sum: u32 = 0;
  for (let i: u32 = 0; i < len; i++) {
    let c = load<u8>(addr + i);
    if (c >= 0x61 && c <= 0x7a) {
      c -= 0x20;
      store<u8>(addr + i, c);
    }
    sum += c;
  }
  const out = alloc(len);
  if (out != 0) {
    for (let i: u32 = 0; i < len; i++) store<u8>(out + i, load<u8>(addr + len - 1 - i));
    notify(out, len);
  }
  return sum;
}

export function release(addr: u32): void {
  free(addr);
}
