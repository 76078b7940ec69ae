// SPDX-License-Identifier: MIT
//! The Rust kit's windows (sdk/rust): map the read-only grant "ring", sum its
//! first n bytes; then the error statuses, as the C program does.
#![no_std]

#[no_mangle]
pub extern "C" fn sum(n: u32) -> i32 {
    match mpwasm::map("ring", false) {
        Ok(addr) => (0..n).map(|i| unsafe { *((addr + i) as usize as *const u8) } as i32).sum(),
        Err(status) => -status,
    }
}

#[no_mangle]
pub extern "C" fn errors() -> i32 {
    let ro = mpwasm::map("ring", true).err().unwrap_or(0);
    let missing = mpwasm::map("nope", false).err().unwrap_or(0);
    let unmapped = match mpwasm::unmap(0x40000000) {
        Ok(()) => 0,
        Err(s) => s,
    };
    ro * 100 + missing * 10 + unmapped
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
