// SPDX-License-Identifier: MIT
// py/mphal.h includes the port's HAL header; a native module has no port.
// natmod_rt.c implements the mp_hal_* functions mphal.h declares.

// py/mphal.h would include extmod/virtpin.h (absent from our sources) without this.
#define mp_hal_pin_obj_t void *
