// SPDX-License-Identifier: MIT
// A C program over linear memory: the host writes into `buf` through a
// memoryview and reads back what `fill` wrote.
// exports: buf checksum fill fib

static unsigned char buffer[256];

unsigned char *buf(void) {
    return buffer;
}

// Fletcher-16-like sum over the first n bytes of buf.
unsigned checksum(unsigned n) {
    unsigned a = 1, b = 0;
    for (unsigned i = 0; i < n && i < sizeof(buffer); i++) {
        a = (a + buffer[i]) % 65521;
        b = (b + a) % 65521;
    }
    return (b << 16) | a;
}

void fill(unsigned n, unsigned v) {
    for (unsigned i = 0; i < n && i < sizeof(buffer); i++) {
        buffer[i] = (unsigned char)(v + i);
    }
}

int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
