// SPDX-License-Identifier: MIT
//! mpwasm guest kit for Rust (sdk/README.md): the shared heap of an mpwasm
//! instance (docs/shared-heap.md) from a `no_std` wasm app.
//!
//! Build it once as a library and link apps against it (no cargo needed):
//!   rustc --target wasm32-unknown-unknown --edition 2021 --crate-type rlib \
//!       --crate-name mpwasm -C opt-level=s -C panic=abort sdk/rust/mpwasm.rs
//! Host functions are ordinary imports: `#[link(wasm_import_module = "host")]
//! extern "C" { fn notify(addr: u32, len: u32); }`.
#![no_std]

use core::ptr::NonNull;

/// The raw imports (WAMR's malloc/free, mpwasm's base/size).
pub mod sys {
    #[link(wasm_import_module = "env")]
    extern "C" {
        pub fn shared_heap_malloc(n: u32) -> u32;
        pub fn shared_heap_free(addr: u32);
        pub fn shared_heap_base() -> u32;
        pub fn shared_heap_size() -> u32;
    }
}

/// Windows the host granted by name (docs/windows.md): `map` returns the
/// window's app address or the status (`MAP_NOT_GRANTED`, ...).
pub const MAP_OK: i32 = 0;
pub const MAP_NOT_GRANTED: i32 = 1;
pub const MAP_READ_ONLY: i32 = 2;
pub const MAP_NO_SPACE: i32 = 3;
pub const MAP_NOT_MAPPED: i32 = 4;
pub const MAP_FAULT: i32 = 5;
pub const MAP_ALREADY: i32 = 6;

#[link(wasm_import_module = "env")]
extern "C" {
    fn mpwasm_map(name: *const u8, name_len: u32, flags: u32, addr: *mut u32) -> i32;
    fn mpwasm_unmap(addr: u32) -> i32;
}

/// Maps grant `name` (read-write if `write`): the window's app address.
pub fn map(name: &str, write: bool) -> Result<u32, i32> {
    let mut addr: u32 = 0;
    let status = unsafe { mpwasm_map(name.as_ptr(), name.len() as u32, write as u32, &mut addr) };
    if status == MAP_OK {
        Ok(addr)
    } else {
        Err(status)
    }
}

/// Unmaps a window the app mapped.
pub fn unmap(addr: u32) -> Result<(), i32> {
    match unsafe { mpwasm_unmap(addr) } {
        MAP_OK => Ok(()),
        status => Err(status),
    }
}

/// The attached chain's app addresses `(base, size)`: `[base, base + size)`,
/// ending at 2^32; `None` when no heap is attached.
pub fn heap_range() -> Option<(u32, u32)> {
    let (base, size) = unsafe { (sys::shared_heap_base(), sys::shared_heap_size()) };
    if base == 0 {
        None
    } else {
        Some((base, size))
    }
}

/// Whether `[addr, addr + len)` lies inside the attached chain.
pub fn contains(addr: u32, len: u32) -> bool {
    match heap_range() {
        Some((base, size)) => addr >= base && len <= size - (addr - base),
        None => false,
    }
}

/// Bytes the host put in the shared heap, seen in place (zero copy).
/// `None` unless the whole range lies in the attached chain.
pub fn slice_mut<'a>(addr: u32, len: u32) -> Option<&'a mut [u8]> {
    if !contains(addr, len) {
        return None;
    }
    // SAFETY: the range is inside the attached heap, which outlives the call;
    // the host does not touch it while wasm runs.
    Some(unsafe { core::slice::from_raw_parts_mut(addr as usize as *mut u8, len as usize) })
}

/// A block from the shared heap's allocator, given back when dropped unless
/// handed to the host with `into_addr`.
pub struct Block {
    ptr: NonNull<u8>,
    len: usize,
}

impl Block {
    /// `len` bytes, 8-byte aligned; `None` if there is no (writable, managed)
    /// heap or no room.
    pub fn alloc(len: u32) -> Option<Block> {
        let addr = unsafe { sys::shared_heap_malloc(len) };
        NonNull::new(addr as usize as *mut u8).map(|ptr| Block { ptr, len: len as usize })
    }

    /// The block's app address: what the host sees (`heap.view(addr, n)`).
    pub fn addr(&self) -> u32 {
        self.ptr.as_ptr() as usize as u32
    }

    pub fn as_mut_slice(&mut self) -> &mut [u8] {
        // SAFETY: the block is ours until dropped or handed over.
        unsafe { core::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }

    /// Hand the block to the host (who frees it with `heap.free(addr)`).
    pub fn into_addr(self) -> u32 {
        let addr = self.addr();
        core::mem::forget(self);
        addr
    }
}

impl Drop for Block {
    fn drop(&mut self) {
        unsafe { sys::shared_heap_free(self.addr()) }
    }
}

/// Give back a block the host handed to wasm; other addresses are ignored.
pub fn free(addr: u32) {
    unsafe { sys::shared_heap_free(addr) }
}
