// SPDX-License-Identifier: MIT
//! The example app in Rust (examples/README.md): Python puts text in a shared
//! heap; `process` upper-cases it in place, writes it reversed into a block
//! it allocates from the same heap, hands that block to Python through the
//! host.notify callback and returns the sum of the upper-cased bytes.
//! Nothing is copied between Python and wasm. `release` gives a block back.
#![no_std]

use mpwasm::Block;

#[link(wasm_import_module = "host")]
extern "C" {
    fn notify(block: u32, len: u32);
}

#[no_mangle]
pub extern "C" fn process(addr: u32, len: u32) -> u32 {
    let text = match mpwasm::slice_mut(addr, len) {
        Some(t) => t,
        None => return 0, // only text the host put in the heap
    };
    let mut sum: u32 = 0;
    for c in text.iter_mut() {
        c.make_ascii_uppercase();
        sum = sum.wrapping_add(*c as u32);
    }
    if let Some(mut out) = Block::alloc(len) {
        for (o, c) in out.as_mut_slice().iter_mut().zip(text.iter().rev()) {
            *o = *c;
        }
        unsafe { notify(out.into_addr(), len) };
    }
    sum
}

#[no_mangle]
pub extern "C" fn release(addr: u32) {
    mpwasm::free(addr);
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
