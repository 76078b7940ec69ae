// SPDX-License-Identifier: MIT
// 256 distinct functions whose addresses are taken, as in a C program with
// many callbacks (sqlite has 270): the linker puts them all in the function
// table, and `call(i, x)` calls entry i through it (call_indirect). Each
// adds its own number, so call(i, 0) says which one ran. For the bound on
// Instance.ram beyond its tables (issue #9: at most 1 KB).
// exports: call count

typedef int (*fn)(int);

#define F(n) __attribute__((noinline)) static int f##n(int x) { return x + n; }
#define F4(n) F(n##0) F(n##1) F(n##2) F(n##3)
#define F16(n) F4(n##0) F4(n##1) F4(n##2) F4(n##3)
#define F64(n) F16(n##0) F16(n##1) F16(n##2) F16(n##3)
F64(1) F64(2) F64(3) F64(4)

#define R(n) f##n,
#define R4(n) R(n##0) R(n##1) R(n##2) R(n##3)
#define R16(n) R4(n##0) R4(n##1) R4(n##2) R4(n##3)
#define R64(n) R16(n##0) R16(n##1) R16(n##2) R16(n##3)
static fn table[] = {R64(1) R64(2) R64(3) R64(4)};

int count(void) {
    return (int)(sizeof(table) / sizeof(table[0]));
}

int call(int i, int x) {
    return table[i](x);
}
