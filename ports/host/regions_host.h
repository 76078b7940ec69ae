// SPDX-License-Identifier: MIT
// Host port regions (regions.c): set-up from main().
#ifndef MPWASM_REGIONS_HOST_H
#define MPWASM_REGIONS_HOST_H

#include <stdbool.h>

// Add or replace a region from "NAME:SIZE[:ACCESS[:SHM]]"; false (after
// printing why) when the spec is bad or the mapping fails.
bool regions_host_add_spec(const char *spec);
// Map the default regions not given with -X region=, install the fault handler.
void regions_host_init(void);

#endif // MPWASM_REGIONS_HOST_H
