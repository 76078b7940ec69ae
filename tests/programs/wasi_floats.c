// SPDX-License-Identifier: MIT
// wasi
// printf of doubles: wasi-libc's own float formatting (no host help).
#include <stdio.h>

int main(void) {
    volatile double third = 1.0 / 3.0;   // volatile: computed at run time
    printf("%.3f %g %e %.10g\n", 3.14159, 0.1 + 0.2, -12345.678, third);
    printf("%f %g %g %.2f\n", 0.0, 1e300 * 1e10, -1e-300 / 1e300, 2.675);
    return 0;
}
