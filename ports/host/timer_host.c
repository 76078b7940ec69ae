// SPDX-License-Identifier: MIT
// The host port's sample timer for machine.Sampler (ports/common/sampler.c):
// setitimer(ITIMER_REAL) at the sample rate, its SIGALRM handler in place of
// the boards' timer interrupt. Periods are whole microseconds.

#include <signal.h>
#include <string.h>
#include <sys/time.h>

#include "ports/common/timer.h"

const uint32_t timer_clock_hz = 1000000u;

static struct sigaction old_action;
static bool installed;

static void on_alarm(int sig) {
    (void)sig;
    timer_irq_handler();
}

bool timer_start(uint32_t rate_hz) {
    uint32_t us = rate_hz ? timer_clock_hz / rate_hz : 0;
    if (us < 2) {
        return false;
    }
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_alarm;
    sa.sa_flags = SA_RESTART; // reads of stdin and the like carry on
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGALRM, &sa, installed ? NULL : &old_action) != 0) {
        return false;
    }
    installed = true;
    struct itimerval it = { { us / 1000000u, us % 1000000u }, { us / 1000000u, us % 1000000u } };
    return setitimer(ITIMER_REAL, &it, NULL) == 0;
}

void timer_stop(void) {
    struct itimerval off;
    memset(&off, 0, sizeof(off));
    setitimer(ITIMER_REAL, &off, NULL);
    if (installed) {
        sigaction(SIGALRM, &old_action, NULL);
        installed = false;
    }
}

void timer_irq_handler(void) {
    sampler_tick();
}
