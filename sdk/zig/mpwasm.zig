// SPDX-License-Identifier: MIT
//! mpwasm guest kit for Zig (sdk/README.md): the shared heap of an mpwasm
//! instance (docs/shared-heap.md). Import it as a module:
//!   zig build-exe -target wasm32-freestanding -fno-entry -rdynamic \
//!       --dep mpwasm -Mroot=app.zig -Mmpwasm=sdk/zig/mpwasm.zig
//! Host functions are ordinary imports: `extern "host" fn notify(addr: u32, len: u32) void;`

/// The raw imports (WAMR's malloc/free, mpwasm's base/size).
pub const sys = struct {
    pub extern "env" fn shared_heap_malloc(n: u32) u32;
    pub extern "env" fn shared_heap_free(addr: u32) void;
    pub extern "env" fn shared_heap_base() u32;
    pub extern "env" fn shared_heap_size() u32;
};

/// Windows the host granted by name (docs/windows.md).
pub const MapError = error{ NotGranted, ReadOnly, NoSpace, NotMapped, Fault, AlreadyMapped, Unknown };

extern "env" fn mpwasm_map(name: [*]const u8, name_len: u32, flags: u32, addr: *u32) i32;
extern "env" fn mpwasm_unmap(addr: u32) i32;

fn mapError(status: i32) MapError {
    return switch (status) {
        1 => error.NotGranted,
        2 => error.ReadOnly,
        3 => error.NoSpace,
        4 => error.NotMapped,
        5 => error.Fault,
        6 => error.AlreadyMapped,
        else => error.Unknown,
    };
}

/// Maps grant `name` (read-write if `write`): the window's app address.
pub fn map(name: []const u8, write: bool) MapError!u32 {
    var addr: u32 = 0;
    const status = mpwasm_map(name.ptr, @intCast(name.len), @intFromBool(write), &addr);
    if (status != 0) return mapError(status);
    return addr;
}

/// Unmaps a window the app mapped.
pub fn unmap(addr: u32) MapError!void {
    const status = mpwasm_unmap(addr);
    if (status != 0) return mapError(status);
}

pub const Range = struct { base: u32, size: u32 };

/// The attached chain's app addresses [base, base + size), ending at 2^32;
/// null when no heap is attached.
pub fn heapRange() ?Range {
    const base = sys.shared_heap_base();
    if (base == 0) return null;
    return .{ .base = base, .size = sys.shared_heap_size() };
}

/// Whether [addr, addr + len) lies inside the attached chain.
pub fn contains(addr: u32, len: u32) bool {
    const r = heapRange() orelse return false;
    return addr >= r.base and len <= r.size - (addr - r.base);
}

/// Bytes the host put in the shared heap, seen in place (zero copy); null
/// unless the whole range lies in the attached chain.
pub fn slice(addr: u32, len: u32) ?[]u8 {
    if (!contains(addr, len)) return null;
    const p: [*]u8 = @ptrFromInt(addr);
    return p[0..len];
}

/// len bytes from the shared heap's allocator, 8-byte aligned; null if there
/// is no (writable, managed) heap or no room. The address is what the host sees.
pub fn alloc(len: u32) ?[]u8 {
    const addr = sys.shared_heap_malloc(len);
    if (addr == 0) return null;
    const p: [*]u8 = @ptrFromInt(addr);
    return p[0..len];
}

/// Give back a block from alloc (or one the host handed over); other addresses are ignored.
pub fn free(block: []u8) void {
    sys.shared_heap_free(addressOf(block));
}

/// The app address of a block, as the host sees it.
pub fn addressOf(block: []u8) u32 {
    return @intCast(@intFromPtr(block.ptr));
}
