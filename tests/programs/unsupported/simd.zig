// SPDX-License-Identifier: MIT
//! Built with -mcpu=generic+simd128: mpwasm refuses it with CompileError naming SIMD.
export fn sum4(p: [*]const @Vector(4, i32)) i32 {
    const v = p[0] + p[1];
    return v[0] + v[3];
}
