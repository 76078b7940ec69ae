// SPDX-License-Identifier: MIT
//! The example app in Zig (examples/README.md): Python puts text in a shared
//! heap; process() upper-cases it in place, writes it reversed into a block
//! it allocates from the same heap, hands that block to Python through the
//! host.notify callback and returns the sum of the upper-cased bytes.
//! Nothing is copied between Python and wasm. release() gives a block back.
const mpwasm = @import("mpwasm");

extern "host" fn notify(block: u32, len: u32) void;

export fn process(addr: u32, len: u32) u32 {
    // only text the host put in the heap
    const text = mpwasm.slice(addr, len) orelse return 0;
    var sum: u32 = 0;
    for (text) |*c| {
        if (c.* >= 'a' and c.* <= 'z') c.* -= 'a' - 'A';
        sum +%= c.*;
    }
    if (mpwasm.alloc(len)) |out| {
        for (out, 0..) |*o, i| o.* = text[len - 1 - i];
        notify(mpwasm.addressOf(out), len);
    }
    return sum;
}

export fn release(addr: u32) void {
    mpwasm.sys.shared_heap_free(addr);
}
