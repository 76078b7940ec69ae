// SPDX-License-Identifier: MIT
// Built with --enable simd: mpwasm refuses it with CompileError naming SIMD.
export function sum4(p: usize): i32 {
  const v = i32x4.add(v128.load(p), v128.load(p, 16));
  return i32x4.extract_lane(v, 0) + i32x4.extract_lane(v, 3);
}
