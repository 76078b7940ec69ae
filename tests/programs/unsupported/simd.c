// SPDX-License-Identifier: MIT
// Built with -msimd128: mpwasm refuses it with CompileError naming SIMD (tests/host/test_lang_examples.py).
#include <wasm_simd128.h>

__attribute__((export_name("sum4"))) int sum4(const int *p) {
    v128_t v = wasm_i32x4_add(wasm_v128_load(p), wasm_v128_load(p + 4));
    return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 3);
}
