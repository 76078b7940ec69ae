// SPDX-License-Identifier: MIT
// Host (Linux) port of mpwasm: REPL on stdin/stdout, `-c CODE`, or a script
// file; the exit status says whether the script raised.

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>

#include "py/builtin.h"
#include "py/compile.h"
#include "py/gc.h"
#include "py/mperrno.h"
#include "py/mphal.h"
#include "py/runtime.h"
#include "py/stackctrl.h"
#include "shared/readline/readline.h"
#include "shared/runtime/pyexec.h"
#include "ports/host/regions_host.h"
#include "modwasm/engine/mw_config.h"   // MW_GUARD_PAGES (GUARD=1)
#if MW_GUARD_PAGES
#include "ports/host/reservations.h"
#include "modwasm/host/guard_posix.h"
#endif

#if MPWASM_HOST_SANITIZE
// make host SANITIZE=1 (build/host-asan): ASan's run-time options, built in so
// that a finding replays with the bare binary. MicroPython's collector finds
// live objects by scanning the C stack conservatively: ASan's fake stack
// (detect_stack_use_after_return) moves locals into frames of its own heap,
// which the scan does not see, so objects only a local points to would be
// collected while in use. Leaks are not the point: the GC heap is one block
// freed at exit, and what the interpreter leaves at exit is not the binding's.
const char *__asan_default_options(void);
const char *__asan_default_options(void) {
    return "detect_stack_use_after_return=0:detect_leaks=0:abort_on_error=1";
}
// UBSan's report names the C call stack that led to it.
const char *__ubsan_default_options(void);
const char *__ubsan_default_options(void) {
    return "print_stacktrace=1";
}
#endif

static struct termios saved_termios;
static bool termios_saved;
// True while the REPL reads stdin (not a script, not a WASI program's fd_read).
static bool in_repl;

static void sigint_handler(int signum) {
    (void)signum;
    mp_sched_keyboard_interrupt();
}

static void restore_terminal(void) {
    if (termios_saved) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    }
}

// Character-at-a-time input for readline, but keep ISIG so Ctrl-C is SIGINT.
static void setup_terminal(void) {
    if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved_termios) != 0) {
        return;
    }
    termios_saved = true;
    atexit(restore_terminal);
    struct termios t = saved_termios;
    t.c_lflag &= ~(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

int mp_hal_stdin_rx_chr(void) {
    for (;;) {
        unsigned char c;
        ssize_t n = read(STDIN_FILENO, &c, 1);
        if (n == 1) {
            // readline ends a line on CR; piped input has LF.
            return (c == '\n' && !termios_saved) ? '\r' : c;
        }
        if (n == 0) {
            // End of input reads as Ctrl-D, every time: input() raises
            // EOFError, a WASI fd_read returns 0 bytes. Only a REPL that
            // keeps asking after EOF is ended here, so a script that reads
            // stdin at its end several times runs on to its own end.
            static int repl_eof_count;
            if (in_repl && ++repl_eof_count > 2) {
                exit(0);
            }
            return CHAR_CTRL_D;
        }
        if (errno == EINTR) {
            // SIGINT while waiting for input: give readline a Ctrl-C.
            if (MP_STATE_THREAD(mp_pending_exception) != MP_OBJ_NULL) {
                MP_STATE_THREAD(mp_pending_exception) = MP_OBJ_NULL;
                return CHAR_CTRL_C;
            }
            continue;
        }
        return CHAR_CTRL_D;
    }
}

mp_uint_t mp_hal_stdout_tx_strn(const char *str, size_t len) {
    size_t done = 0;
    while (done < len) {
        ssize_t n = write(STDOUT_FILENO, str + done, len - done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            break;
        }
        done += n;
    }
    return done;
}

static uint64_t monotonic_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + ts.tv_nsec / 1000u;
}

mp_uint_t mp_hal_ticks_ms(void) {
    return monotonic_us() / 1000u;
}

mp_uint_t mp_hal_ticks_us(void) {
    return monotonic_us();
}

mp_uint_t mp_hal_ticks_cpu(void) {
    return monotonic_us();
}

void mp_hal_delay_us(mp_uint_t us) {
    uint64_t end = monotonic_us() + us;
    for (;;) {
        mp_handle_pending(true);
        uint64_t now = monotonic_us();
        if (now >= end) {
            return;
        }
        uint64_t left = end - now;
        struct timespec ts = { left / 1000000u, (left % 1000000u) * 1000u };
        nanosleep(&ts, NULL); // a signal cuts it short; the loop checks again
    }
}

void mp_hal_delay_ms(mp_uint_t ms) {
    mp_hal_delay_us((uint64_t)ms * 1000u);
}

mp_import_stat_t mp_import_stat(const char *path) {
    struct stat st;
    if (stat(path, &st) == 0) {
        return S_ISDIR(st.st_mode) ? MP_IMPORT_STAT_DIR : MP_IMPORT_STAT_FILE;
    }
    return MP_IMPORT_STAT_NO_EXIST;
}

void nlr_jump_fail(void *val) {
    fprintf(stderr, "FATAL: uncaught NLR %p\n", val);
    exit(2);
}

void NORETURN __fatal_error(const char *msg) {
    fprintf(stderr, "FATAL: %s\n", msg);
    exit(2);
}

#ifndef NDEBUG
void MP_WEAK __assert_func(const char *file, int line, const char *func, const char *expr) {
    fprintf(stderr, "Assertion '%s' failed, at file %s:%d\n", expr, file, line);
    __fatal_error("Assertion failed");
}
#endif

// Runs source from a lexer; returns the process exit status: 0 on success,
// SystemExit's code, or 1 after printing an uncaught exception.
static int execute_lexer(mp_lexer_t *lex, mp_parse_input_kind_t kind) {
    nlr_buf_t nlr;
    if (nlr_push(&nlr) == 0) {
        qstr source_name = lex->source_name;
        mp_parse_tree_t tree = mp_parse(lex, kind);
        mp_obj_t fun = mp_compile(&tree, source_name, false);
        mp_call_function_0(fun);
        nlr_pop();
        return 0;
    }
    mp_obj_base_t *exc = (mp_obj_base_t *)nlr.ret_val;
    if (mp_obj_is_subclass_fast(MP_OBJ_FROM_PTR(exc->type), MP_OBJ_FROM_PTR(&mp_type_SystemExit))) {
        mp_obj_t code = mp_obj_exception_get_value(MP_OBJ_FROM_PTR(exc));
        if (code == mp_const_none) {
            return 0;
        }
        mp_int_t status;
        if (mp_obj_get_int_maybe(code, &status)) {
            return status & 0xff;
        }
        mp_obj_print_helper(&mp_plat_print, code, PRINT_STR);
        mp_print_str(&mp_plat_print, "\n");
        return 1;
    }
    mp_obj_print_exception(&mp_plat_print, MP_OBJ_FROM_PTR(exc));
    return 1;
}

static int execute_string(const char *src) {
    mp_lexer_t *lex = mp_lexer_new_from_str_len(MP_QSTR__lt_stdin_gt_, src, strlen(src), 0);
    return execute_lexer(lex, MP_PARSE_FILE_INPUT);
}

static int execute_file(const char *path) {
    nlr_buf_t nlr;
    mp_lexer_t *lex;
    if (nlr_push(&nlr) == 0) {
        lex = mp_lexer_new_from_file(qstr_from_str(path));
        nlr_pop();
    } else {
        fprintf(stderr, "micropython: can't open file '%s': [Errno %d] %s\n", path, errno, strerror(errno));
        return 2;
    }
    return execute_lexer(lex, MP_PARSE_FILE_INPUT);
}

static void usage(void) {
    fprintf(stderr,
        "usage: micropython [-X heapsize=N[k|m]] [-X wasmmem=N[k|m]] [-X showheaps=0]"
        " [-X region=NAME:SIZE[:ACCESS[:SHM]]] [-c CODE | FILE | -] [ARG ...]\n"
        "With no FILE, runs the REPL on stdin (Ctrl-D or EOF to quit).\n"
        "wasmmem: the most bytes wasm memories with guard pages hold at once (default: heapsize).\n"
        "showheaps=0: shared heaps and windows reached through the fault path only (guard pages:\n"
        "  their pages are not shown in each memory's reservation).\n");
}

// N, Nk or Nm (decimal, or 0x.. hex) into *n; false for anything else (a
// sign, another suffix, trailing text, no digits, more than a size_t): the
// size was taken as whatever strtoul made of it, so `-X wasmmem=1g` was a
// limit of 1 byte, and every wasm memory fell back to the heap unguarded
static bool parse_size(const char *s, size_t *n) {
    if (*s < '0' || *s > '9') {
        return false;
    }
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 0);
    unsigned long long scale = *end == 'k' || *end == 'K' ? 1024 : *end == 'm' || *end == 'M' ? 1024 * 1024 : 1;
    end += scale != 1;
    if (errno != 0 || *end != '\0' || v > SIZE_MAX / scale) {
        return false;
    }
    *n = (size_t)(v * scale);
    return true;
}

static void set_argv(int argc, char **argv) {
    mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_argv), 0);
    for (int i = 0; i < argc; i++) {
        mp_obj_list_append(mp_sys_argv, mp_obj_new_str(argv[i], strlen(argv[i])));
    }
}

#if MICROPY_PERSISTENT_CODE_LOAD
// The natmod variant (make host WASM=natmod) loads native code from .mpy
// files into the GC heap, as a board does: the heap must be executable.
static void *heap_alloc(size_t size) {
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    return p == MAP_FAILED ? NULL : p;
}
static void heap_free(void *p, size_t size) {
    munmap(p, size);
}
#else
static void *heap_alloc(size_t size) {
    return malloc(size);
}
static void heap_free(void *p, size_t size) {
    (void)size;
    free(p);
}
#endif

static void set_sys_path(const char *script) {
    // sys.path: the script's folder first, then the current directory, then
    // the frozen modules (`board`).
    mp_obj_list_init(MP_OBJ_TO_PTR(mp_sys_path), 0);
    if (script != NULL) {
        const char *slash = strrchr(script, '/');
        size_t len = slash ? (size_t)(slash - script) : 0;
        mp_obj_list_append(mp_sys_path, mp_obj_new_str(script, len));
    }
    mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR_));
    mp_obj_list_append(mp_sys_path, MP_OBJ_NEW_QSTR(MP_QSTR__dot_frozen));
}

int main(int argc, char **argv) {
    mp_stack_ctrl_init();
    mp_stack_set_limit(MPWASM_HOST_STACK_LIMIT);

    size_t heap_size = MPWASM_HOST_HEAP_DEFAULT;
    size_t wasm_mem = 0;      // 0: as much as the heap
    bool show_heaps = true;   // -X showheaps=0: false
    int a = 1;
    while (a < argc && strcmp(argv[a], "-X") == 0 && a + 1 < argc) {
        bool is_heap = strncmp(argv[a + 1], "heapsize=", 9) == 0, is_mem = strncmp(argv[a + 1], "wasmmem=", 8) == 0;
        if (is_heap || is_mem) {
            if (!parse_size(strchr(argv[a + 1], '=') + 1, is_heap ? &heap_size : &wasm_mem)) {
                fprintf(stderr, "micropython: bad size in -X %s (N, Nk or Nm)\n", argv[a + 1]);
                usage();
                return 2;
            }
        } else if (strcmp(argv[a + 1], "showheaps=0") == 0 || strcmp(argv[a + 1], "showheaps=1") == 0) {
            show_heaps = argv[a + 1][10] == '1';
        } else if (strncmp(argv[a + 1], "region=", 7) == 0) {
            if (!regions_host_add_spec(argv[a + 1] + 7)) {
                return 2;
            }
        } else {
            fprintf(stderr, "micropython: unknown option -X %s\n", argv[a + 1]);
            usage();
            return 2;
        }
        a += 2;
    }
    regions_host_init();
    #if MW_GUARD_PAGES
    // after the regions' handler, which it passes on to (GUARD=1). A memory's
    // bytes are then a reservation, outside the heap: they are bounded as the
    // heap bounded them in the checked build, by its size unless told
    if (!show_heaps) {
        mw_guard_posix_show_none();
    }
    reservations_install(wasm_mem != 0 ? wasm_mem : heap_size);
    #else
    (void)wasm_mem;
    #endif
    if (a < argc && (strcmp(argv[a], "-h") == 0 || strcmp(argv[a], "--help") == 0)) {
        usage();
        return 0;
    }

    void *heap = NULL;
    #if MW_GUARD_PAGES
    // A memfd's pages (guard_posix.h): a shared heap's or a window's bytes
    // in the GC heap are then shown at their app address in each memory's
    // reservation, so their accesses need no fault (refused: private
    // bytes, every such access through the fault path, as with showheaps=0)
    bool heap_shown = show_heaps && heap_size >= 16 * 1024
        && (heap = mw_guard_posix_shared_bytes(heap_size, MICROPY_PERSISTENT_CODE_LOAD, "micropython-heap")) != NULL;
    #else
    (void)show_heaps;
    #endif
    if (heap == NULL) {
        heap = heap_alloc(heap_size);
    }
    if (heap == NULL || heap_size < 16 * 1024) {
        fprintf(stderr, "micropython: cannot allocate a %zu byte heap\n", heap_size);
        return 2;
    }
    gc_init(heap, (char *)heap + heap_size);
    mp_init();

    struct sigaction sa = { 0 };
    sa.sa_handler = sigint_handler;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);

    int status;
    if (a < argc && strcmp(argv[a], "-c") == 0) {
        if (a + 1 >= argc) {
            usage();
            return 2;
        }
        set_sys_path(NULL);
        // sys.argv is ['-c', ARG...], as in CPython: drop the code itself.
        const char *code = argv[a + 1];
        argv[a + 1] = argv[a];
        set_argv(argc - a - 1, argv + a + 1);
        status = execute_string(code);
    } else if (a < argc && strcmp(argv[a], "-") != 0) {
        set_sys_path(argv[a]);
        set_argv(argc - a, argv + a);
        status = execute_file(argv[a]);
    } else {
        set_sys_path(NULL);
        set_argv(1, (char *[]) { "" });
        setup_terminal();
        in_repl = true;
        for (;;) {
            int ret = pyexec_mode_kind == PYEXEC_MODE_RAW_REPL ? pyexec_raw_repl() : pyexec_friendly_repl();
            if (ret != 0) {
                break;
            }
        }
        mp_hal_stdout_tx_str("\n");
        status = 0;
    }

    mp_deinit();
    #if MW_GUARD_PAGES
    if (heap_shown) {
        munmap(heap, heap_size);
        return status;
    }
    #endif
    heap_free(heap, heap_size);
    return status;
}

// sys.stdin polling (select/poll) is not offered: report nothing ready.
uintptr_t mp_hal_stdio_poll(uintptr_t poll_flags) {
    (void)poll_flags;
    return 0;
}
