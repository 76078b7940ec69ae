// SPDX-License-Identifier: MIT
// interp: a small stack-machine bytecode interpreter (a switch in a loop, the
// shape of every embedded VM and protocol state machine), running a program
// that sums the Collatz step counts of 1..n. Indirect branches (br_table),
// small array loads/stores and unpredictable control flow.
#include "kernel.h"

enum op {
    OP_PUSH,    // push imm
    OP_LOAD,    // push reg[imm]
    OP_STORE,   // reg[imm] = pop
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_AND,
    OP_SHR,     // a >> imm
    OP_DUP,
    OP_DROP,
    OP_JZ,      // if pop == 0: pc = imm
    OP_JMP,     // pc = imm
    OP_LT,      // a < b
    OP_HALT,
};

typedef struct insn {
    uint8_t op;
    int32_t imm;
} insn;

// registers: 0 = i, 1 = limit, 2 = x, 3 = steps, 4 = total
static const insn program[] = {
    /* 0 */ { OP_PUSH, 1 }, { OP_STORE, 0 },
    /* 2 outer: while i < limit */
    { OP_LOAD, 0 }, { OP_LOAD, 1 }, { OP_LT, 0 }, { OP_JZ, 35 },
    /* 6 */ { OP_LOAD, 0 }, { OP_STORE, 2 }, { OP_PUSH, 0 }, { OP_STORE, 3 },
    /* 10 inner: while x != 1 */
    { OP_PUSH, 1 }, { OP_LOAD, 2 }, { OP_LT, 0 }, { OP_JZ, 28 },
    /* 14 */ { OP_LOAD, 2 }, { OP_PUSH, 1 }, { OP_AND, 0 }, { OP_JZ, 24 },
    /* 18 odd: x = 3x + 1 */
    { OP_LOAD, 2 }, { OP_PUSH, 3 }, { OP_MUL, 0 }, { OP_PUSH, 1 }, { OP_ADD, 0 }, { OP_JMP, 26 },
    /* 24 even: x = x >> 1 */
    { OP_LOAD, 2 }, { OP_SHR, 1 },
    /* 26 */ { OP_STORE, 2 }, { OP_JMP, 29 },
    /* 28 */ { OP_JMP, 31 },
    /* 29 steps++ */ { OP_LOAD, 3 }, { OP_JMP, 40 },
    /* 31 total += steps; i++ */
    { OP_LOAD, 4 }, { OP_LOAD, 3 }, { OP_ADD, 0 }, { OP_JMP, 36 },
    /* 35 */ { OP_HALT, 0 },
    /* 36 */ { OP_STORE, 4 }, { OP_LOAD, 0 }, { OP_PUSH, 1 }, { OP_JMP, 43 },
    /* 40 */ { OP_PUSH, 1 }, { OP_ADD, 0 }, { OP_JMP, 46 },
    /* 43 */ { OP_ADD, 0 }, { OP_STORE, 0 }, { OP_JMP, 2 },
    /* 46 */ { OP_STORE, 3 }, { OP_JMP, 10 },
};

static NOINLINE uint32_t execute(const insn *code, uint32_t *reg) {
    uint32_t stack[16];
    uint32_t sp = 0;
    uint32_t pc = 0;
    for (;;) {
        insn in = code[pc++];
        switch (in.op) {
            case OP_PUSH:
                stack[sp++] = (uint32_t)in.imm;
                break;
            case OP_LOAD:
                stack[sp++] = reg[in.imm];
                break;
            case OP_STORE:
                reg[in.imm] = stack[--sp];
                break;
            case OP_ADD:
                sp--;
                stack[sp - 1] += stack[sp];
                break;
            case OP_SUB:
                sp--;
                stack[sp - 1] -= stack[sp];
                break;
            case OP_MUL:
                sp--;
                stack[sp - 1] *= stack[sp];
                break;
            case OP_AND:
                sp--;
                stack[sp - 1] &= stack[sp];
                break;
            case OP_SHR:
                stack[sp - 1] >>= in.imm;
                break;
            case OP_DUP:
                stack[sp] = stack[sp - 1];
                sp++;
                break;
            case OP_DROP:
                sp--;
                break;
            case OP_JZ:
                if (stack[--sp] == 0) {
                    pc = (uint32_t)in.imm;
                }
                break;
            case OP_JMP:
                pc = (uint32_t)in.imm;
                break;
            case OP_LT:
                sp--;
                stack[sp - 1] = stack[sp - 1] < stack[sp];
                break;
            default:
                return reg[4];
        }
        sp &= 15;   // a malformed program cannot run off the stack
    }
}

uint32_t run(uint32_t n) {
    uint32_t reg[8] = { 0 };
    reg[1] = n + 1;
    return execute(program, reg);
}
