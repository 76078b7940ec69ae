// SPDX-License-Identifier: MIT
//! Built with +simd128: mpwasm refuses it with CompileError naming SIMD.
#![no_std]
use core::arch::wasm32::*;

#[no_mangle]
pub unsafe extern "C" fn sum4(p: *const v128) -> i32 {
    let v = i32x4_add(v128_load(p), v128_load(p.add(1)));
    i32x4_extract_lane::<0>(v) + i32x4_extract_lane::<3>(v)
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
