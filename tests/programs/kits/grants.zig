// SPDX-License-Identifier: MIT
//! The Zig kit's windows (sdk/zig): map the read-only grant "ring", sum its
//! first n bytes; then the error statuses, as the C program does.
const mpwasm = @import("mpwasm");

fn status(e: mpwasm.MapError) i32 {
    return switch (e) {
        error.NotGranted => 1,
        error.ReadOnly => 2,
        error.NoSpace => 3,
        error.NotMapped => 4,
        error.Fault => 5,
        error.AlreadyMapped => 6,
        error.Unknown => 99,
    };
}

export fn sum(n: u32) i32 {
    const addr = mpwasm.map("ring", false) catch |e| return -status(e);
    const p: [*]const u8 = @ptrFromInt(addr);
    var s: i32 = 0;
    for (p[0..n]) |c| s += c;
    return s;
}

export fn errors() i32 {
    var r: i32 = 0;
    if (mpwasm.map("ring", true)) |_| {} else |e| r += status(e) * 100;
    if (mpwasm.map("nope", false)) |_| {} else |e| r += status(e) * 10;
    if (mpwasm.unmap(0x40000000)) |_| {} else |e| r += status(e);
    return r;
}
