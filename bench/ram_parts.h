// SPDX-License-Identifier: MIT
// ram_parts.h: where a module's RAM (mw_module_ram) is, part by part, for
// bench/ram_parts.py (runner_mw_wasi with MW_BENCH_RAM_PARTS=1).
//
// Walks the engine's own blocks (mw_int.h), the ones decode.c and lazy.c
// count in m->ram, and prints one line per part:
//   part=<name> blocks=<n> host=<bytes> m32=<bytes> m32_gc=<bytes>
// host: this build's sizes (x86-64: 8-byte pointers); m32: the same blocks
// with Cortex-M's struct sizes (arm-none-eabi-gcc, measured: see M32_*);
// m32_gc: m32 with each block rounded up to MicroPython's 16-byte GC block
// (what the firmware's heap really gives away; Module.ram counts m32).
// A last line part=unaccounted is m->ram minus the host parts: 0 when this
// walk knows every block.
#ifndef RAM_PARTS_H
#define RAM_PARTS_H

#include <stdio.h>
#include "mw_int.h"

// Cortex-M3 sizes (sizeof under arm-none-eabi-gcc -mcpu=cortex-m3, main at
// 8ca565b); a change of the structs shows as host/m32 drifting apart from
// the board's Module.ram (bench/ram_parts.py compares them).
enum {
    M32_PTR = 4, M32_MODULE = 196, M32_FUNCDEF = 32, M32_IMPORTDEF = 24, M32_EXPORTDEF = 16,
    M32_GLOBALDEF = 24, M32_TABLEDEF = 32, M32_ELEMDEF = 32, M32_DATADEF = 32, M32_CONSTEXPR = 16,
    M32_CHUNK = 8, M32_LIMITS = 24, M32_GC_BLOCK = 16,
};

typedef struct ram_part {
    const char *name;
    unsigned long blocks, host, m32, m32_gc;
} ram_part;

static void ram_part_add(ram_part *p, size_t host, size_t m32) {
    p->blocks++;
    p->host += host;
    p->m32 += m32;
    p->m32_gc += (m32 + M32_GC_BLOCK - 1) / M32_GC_BLOCK * M32_GC_BLOCK;
}

enum {
    P_MODULE, P_CODE, P_CODE_INDEX, P_FUNCS, P_FUNCTYPES, P_TYPES, P_IMPORTS, P_EXPORTS, P_NAMES,
    P_GLOBALS, P_TABLES_MEMS, P_ELEMS, P_DATAS, P_CODE_BYTES, P_REFS, P_COUNT
};

// The module's parts into p[P_COUNT] (zeroed by the caller but for the names).
static void ram_parts_walk(const mw_module *m, ram_part *p) {
    static const char *const names[P_COUNT] = {
        [P_MODULE] = "module", [P_CODE] = "code", [P_CODE_INDEX] = "code_index",
        [P_FUNCS] = "funcdefs", [P_FUNCTYPES] = "functypes", [P_TYPES] = "types",
        [P_IMPORTS] = "imports", [P_EXPORTS] = "exports", [P_NAMES] = "names",
        [P_GLOBALS] = "globals", [P_TABLES_MEMS] = "tables_mems", [P_ELEMS] = "elems",
        [P_DATAS] = "datas", [P_CODE_BYTES] = "code_bytes", [P_REFS] = "declared_refs",
    };
    for (int i = 0; i < P_COUNT; i++) {
        p[i] = (ram_part){ names[i], 0, 0, 0, 0 };
    }
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    ram_part_add(&p[P_MODULE], sizeof(*m), M32_MODULE);
    // arrays: n elements + 1 byte (decode.c's mod_grow)
    ram_part_add(&p[P_TYPES], m->ntypes * sizeof(void *) + 1, m->ntypes * M32_PTR + 1);
    for (uint32_t i = 0; i < m->ntypes; i++) {
        size_t s = sizeof(mw_functype) + m->types[i]->nparams + m->types[i]->nresults;
        ram_part_add(&p[P_TYPES], s, s);
    }
    ram_part_add(&p[P_IMPORTS], m->nimports * sizeof(mw_importdef) + 1, m->nimports * M32_IMPORTDEF + 1);
    ram_part_add(&p[P_FUNCTYPES], m->nfuncs * sizeof(uint32_t) + 1, m->nfuncs * 4u + 1);
    ram_part_add(&p[P_FUNCS], ndef * sizeof(mw_funcdef) + 1, ndef * M32_FUNCDEF + 1);
    ram_part_add(&p[P_TABLES_MEMS], m->ntables * sizeof(mw_tabledef) + 1, m->ntables * M32_TABLEDEF + 1);
    ram_part_add(&p[P_TABLES_MEMS], m->nmems * sizeof(mw_limits) + 1, m->nmems * M32_LIMITS + 1);
    ram_part_add(&p[P_GLOBALS], m->nglobals * sizeof(mw_globaldef) + 1, m->nglobals * M32_GLOBALDEF + 1);
    ram_part_add(&p[P_EXPORTS], m->nexports * sizeof(mw_exportdef) + 1, m->nexports * M32_EXPORTDEF + 1);
    ram_part_add(&p[P_ELEMS], m->nelems * sizeof(mw_elemdef) + 1, m->nelems * M32_ELEMDEF + 1);
    ram_part_add(&p[P_DATAS], m->ndatas * sizeof(mw_datadef) + 1, m->ndatas * M32_DATADEF + 1);
    if (!m->names_borrowed) {
        for (uint32_t i = 0; i < m->nimports; i++) {
            ram_part_add(&p[P_NAMES], m->imports[i].module_len + 1, m->imports[i].module_len + 1);
            ram_part_add(&p[P_NAMES], m->imports[i].name_len + 1, m->imports[i].name_len + 1);
        }
        for (uint32_t i = 0; i < m->nexports; i++) {
            ram_part_add(&p[P_NAMES], m->exports[i].name_len + 1, m->exports[i].name_len + 1);
        }
    }
    for (uint32_t i = 0; i < m->nelems; i++) {
        size_t n = m->elems[i].count;
        ram_part_add(&p[P_ELEMS], mw_nz(n * sizeof(mw_constexpr)), mw_nz(n * M32_CONSTEXPR));
    }
    for (uint32_t i = 0; i < m->ndatas && !m->borrowed; i++) {
        ram_part_add(&p[P_DATAS], mw_nz(m->datas[i].len), mw_nz(m->datas[i].len));
    }
    if (m->declared_refs != NULL) {
        ram_part_add(&p[P_REFS], m->nfuncs / 8 + 1, m->nfuncs / 8 + 1);
    }
    // code: eager chunks, or lazily one block per lowered function (code,
    // then a link of MW_LAZY_LINK units) and a stub per defined function
    for (uint32_t i = 0; i < m->nchunks; i++) {
        ram_part_add(&p[P_CODE], m->chunks[i].cap * sizeof(mw_code_unit), m->chunks[i].cap * sizeof(mw_code_unit));
    }
    if (m->chunks != NULL) {
        ram_part_add(&p[P_CODE_INDEX], m->cap_chunks * sizeof(mw_code_chunk), m->cap_chunks * M32_CHUNK);
    }
    if (m->lazy) {
        for (uint32_t i = 0; i < ndef; i++) {
            const mw_funcdef *fd = &m->funcs[i];
            bool stub = fd->code >= m->lazy_stubs && fd->code < m->lazy_stubs + (size_t)ndef * MW_LAZY_STUB;
            #if MW_UNLOWER
            // under a code budget an armed function's code is its stub while
            // its block stays (lazy.c's head comment)
            if (m->lazy_blocks != NULL) {
                stub = m->lazy_blocks[i] == NULL;
            }
            #endif
            #if MW_UNLOWER
            // code in the code arena is counted with the arena (below)
            const mw_code_unit *b = m->lazy_blocks != NULL ? m->lazy_blocks[i] : fd->code;
            if (m->arena != NULL && b >= m->arena && b < m->arena + m->arena_units) {
                stub = true;
            }
            #endif
            if (!stub) {
                size_t s = (fd->code_len + MW_LAZY_LINK) * sizeof(mw_code_unit);
                ram_part_add(&p[P_CODE], s, s);
            }
        }
        size_t s = mw_nz((size_t)ndef * MW_LAZY_STUB * sizeof(mw_code_unit));
        ram_part_add(&p[P_CODE_INDEX], s, s);
        #if MW_UNLOWER
        if (m->lazy_blocks != NULL) {
            ram_part_add(&p[P_CODE_INDEX], mw_nz(ndef * sizeof(void *)), mw_nz(ndef * M32_PTR));
        }
        if (m->arena != NULL) {
            size_t s = (size_t)m->arena_units * sizeof(mw_code_unit);
            ram_part_add(&p[P_CODE], s, s);
        }
        #endif
        if (m->code_bytes != NULL && !m->borrowed) {
            ram_part_add(&p[P_CODE_BYTES], mw_nz(m->code_copy_len), mw_nz(m->code_copy_len));
        }
    }
}

// Module.ram as a Cortex-M build counts it (what the board's Module.ram
// reads: the code budget's measure in runner_mw_wasi's MW_BENCH_BUDGET).
static unsigned long ram_parts_m32(const mw_module *m) {
    ram_part p[P_COUNT];
    ram_parts_walk(m, p);
    unsigned long m32 = 0;
    for (int i = 0; i < P_COUNT; i++) {
        m32 += p[i].m32;
    }
    return m32;
}

static void ram_parts_print(const mw_module *m) {
    ram_part p[P_COUNT];
    ram_parts_walk(m, p);
    uint32_t ndef = m->nfuncs - m->nfunc_imports;
    unsigned long host = 0, m32 = 0, gc = 0;
    for (int i = 0; i < P_COUNT; i++) {
        printf("part=%s blocks=%lu host=%lu m32=%lu m32_gc=%lu\n", p[i].name, p[i].blocks, p[i].host, p[i].m32,
            p[i].m32_gc);
        host += p[i].host;
        m32 += p[i].m32;
        gc += p[i].m32_gc;
    }
    printf("part=unaccounted blocks=0 host=%ld m32=0 m32_gc=0\n", (long)m->ram - (long)host);
    printf("part=total blocks=0 host=%lu m32=%lu m32_gc=%lu\n", (unsigned long)m->ram, m32, gc);
    // what the code is made of: units of lowered code
    unsigned long units = 0;
    for (uint32_t i = 0; i < ndef; i++) {
        units += m->funcs[i].code_len;
    }
    printf("code_units_all=%lu\n", units);
}

#endif
