// SPDX-License-Identifier: MIT
// The AssemblyScript kit's windows (sdk/assemblyscript): map the read-only
// grant "ring", sum its first n bytes; then the error statuses, as in C.
import { map, unmap } from "../../../sdk/assemblyscript/mpwasm";

export function sum(n: u32): i32 {
  const r = map("ring", false);
  if (r < 0) return <i32>r;
  const addr = <u32>r;
  let s: i32 = 0;
  for (let i: u32 = 0; i < n; i++) s += load<u8>(addr + i);
  return s;
}

export function errors(): i32 {
  return <i32>(-map("ring", true)) * 100 + <i32>(-map("nope", false)) * 10 + unmap(0x40000000);
}
