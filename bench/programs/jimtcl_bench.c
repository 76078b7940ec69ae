// SPDX-License-Identifier: MIT
// Jim Tcl (Debian's jimtcl source package, the interpreter's core jim.c and
// the regexp, array, pack, package and load extensions, unchanged, and its
// stdlib.tcl made into C as its build does): a small
// Tcl interpreter whose values are strings with cached internal forms (lists,
// dicts, integers, doubles, compiled expressions and scripts). The driver
// creates an interpreter, adds one command of its own (`emit`: its words to
// stdout, hashed) and evaluates the Tcl program below with N rounds: recursive
// procs, a sieve in a list, word counts in a dict sorted by an lsort -command
// proc, string map/reverse/format/scan, regexp -all -inline and regsub with
// back references, arrays, doubles (a Newton square root, a series), catch,
// try/on/finally and error codes, upvar and uplevel, switch -glob and
// -regexp, lmap, lsearch -all, binary pack/unpack, references. Jim's `rand`
// is seeded from the clock, so the program makes its numbers with its own LCG.
//   jimtcl_bench N
#include "prog_common.h"

#include "jim.h"

int Jim_regexpInit(Jim_Interp *interp);
int Jim_arrayInit(Jim_Interp *interp);
int Jim_packInit(Jim_Interp *interp);
int Jim_packageInit(Jim_Interp *interp);
int Jim_loadInit(Jim_Interp *interp);
int Jim_stdlibInit(Jim_Interp *interp);

static uint32_t h = PROG_FNV_INIT;
static long emitted;

static int emit_cmd(Jim_Interp *interp, int argc, Jim_Obj *const *argv) {
    for (int i = 1; i < argc; i++) {
        int len;
        const char *s = Jim_GetString(argv[i], &len);
        h = prog_fnv(h, s, (size_t)len);
        fputs(s, stdout);
        fputc(i + 1 < argc ? ' ' : '\n', stdout);
    }
    emitted++;
    return JIM_OK;
}

static const char script[] =
    "proc fib {n} { if {$n < 2} { return $n }; expr {[fib [expr {$n - 1}]] + [fib [expr {$n - 2}]]} }\n"
    "set ::seed 12345\n"
    "proc next {} { set ::seed [expr {($::seed * 1103515245 + 12345) & 0x7fffffff}]; expr {$::seed >> 8} }\n"
    "proc sieve {n} {\n"
    "    set is [lrepeat [expr {$n + 1}] 1]\n"
    "    lset is 0 0; lset is 1 0\n"
    "    for {set i 2} {$i * $i <= $n} {incr i} {\n"
    "        if {[lindex $is $i]} { for {set j [expr {$i * $i}]} {$j <= $n} {incr j $i} { lset is $j 0 } }\n"
    "    }\n"
    "    set primes {}\n"
    "    for {set i 2} {$i <= $n} {incr i} { if {[lindex $is $i]} { lappend primes $i } }\n"
    "    return $primes\n"
    "}\n"
    "set words {wasm engine board serial heap flash timer sensor packet stack table memory value module}\n"
    "proc text {n} {\n"
    "    set out {}\n"
    "    for {set i 0} {$i < $n} {incr i} {\n"
    "        set x [next]\n"
    "        if {$x % 5 == 0} { lappend out [expr {$x % 1000}] } else { lappend out [lindex $::words [expr {$x % 14}]] }\n"
    "    }\n"
    "    join $out\n"
    "}\n"
    "proc bycount {a b} {\n"
    "    set d [expr {[lindex $b 1] - [lindex $a 1]}]\n"
    "    if {$d != 0} { return $d }\n"
    "    string compare [lindex $a 0] [lindex $b 0]\n"
    "}\n"
    "proc counts {txt} {\n"
    "    set d [dict create]\n"
    "    foreach w [split $txt] { dict incr d $w }\n"
    "    set pairs {}\n"
    "    dict for {k v} $d { lappend pairs [list $k $v] }\n"
    "    lrange [lsort -command bycount $pairs] 0 4\n"
    "}\n"
    "proc newton {x} { set g [expr {$x / 2.0}]; for {set i 0} {$i < 30} {incr i} { set g [expr {($g + $x / $g) / 2.0}] }; return $g }\n"
    "proc series {n} { set s 0.0; for {set k 1} {$k <= $n} {incr k} { set s [expr {$s + 1.0 / ($k * $k)}] }; return $s }\n"
    "proc bump {varname by} { upvar 1 $varname v; incr v $by }\n"
    "proc at_caller {} { uplevel 1 {set seen_by_caller [expr {$local * 2}]} }\n"
    "proc classify {s} {\n"
    "    switch -glob -- $s { {[0-9]*} { return number } {w*} { return w-word } default {\n"
    "        switch -regexp -- $s { {^[aeiou]} { return vowel } {(.)\\1} { return double } default { return other } } } }\n"
    "}\n"
    "proc risky {x} {\n"
    "    if {$x % 3 == 0} { return -code error -errorcode [list RISKY $x] \"bad $x\" }\n"
    "    expr {$x * 7}\n"
    "}\n"
    "for {set round 1} {$round <= $N} {incr round} {\n"
    "    set ::seed [expr {$round * 7919}]\n"
    "    set f [fib [expr {14 + $round % 5}]]\n"
    "    set p [sieve [expr {2000 + 37 * $round}]]\n"
    "    set txt [text 600]\n"
    "    set top [counts $txt]\n"
    "    set mapped [string map {wasm WASM engine ENG e 3 a 4} $txt]\n"
    "    set rev [string reverse [string range $mapped 0 80]]\n"
    "    set nums [regexp -all -inline {[0-9]+} $txt]\n"
    "    set pairs [regexp -all -inline {(\\w+) (\\w+)} [string range $txt 0 200]]\n"
    "    set swapped [regsub -all {(\\w+) (\\d+)} $txt {\\2:\\1}]\n"
    "    array unset arr\n"
    "    foreach w [split $txt] { if {[info exists arr($w)]} { incr arr($w) } else { set arr($w) 1 } }\n"
    "    set names [lsort [array names arr]]\n"
    "    set cls [lmap w [lrange [split $txt] 0 60] { classify $w }]\n"
    "    set nclass [dict create]\n"
    "    foreach c $cls { dict incr nclass $c }\n"
    "    set errs 0; set oks 0; set codes {}\n"
    "    for {set i 0} {$i < 60} {incr i} {\n"
    "        if {[catch {risky $i} msg opts]} { incr errs; lappend codes [dict get $opts -errorcode] } else { incr oks $msg }\n"
    "    }\n"
    "    set fin 0\n"
    "    try { risky 9 } on error {msg} { set caught $msg } finally { incr fin }\n"
    "    set counter 0; for {set i 0} {$i < 100} {incr i} { bump counter $i }\n"
    "    set local $round; at_caller\n"
    "    set sq [newton [expr {$round + 1.0}]]\n"
    "    set s [series [expr {500 + $round}]]\n"
    "    set big [lsort -integer -decreasing -unique [lmap x $nums { scan $x %d }]]\n"
    "    set hits [lsearch -all -glob [split $txt] s*]\n"
    "    set packed {}\n"
    "    foreach x [lrange $p 0 40] { set w {}; pack w $x -intle 16; append packed $w }\n"
    "    set back {}\n"
    "    for {set i 0} {$i < [string length $packed] / 2} {incr i} { lappend back [unpack $packed -uintle [expr {$i * 16}] 16] }\n"
    "    set r [ref [list $round $f] tag]\n"
    "    setref $r [concat [getref $r] extra]\n"
    "    set nested [dict create]\n"
    "    foreach w [lrange [split $txt] 0 40] { dict set nested [string index $w 0] $w [string length $w] }\n"
    "    set nk [lsort [dict keys $nested]]\n"
    "    emit round $round fib $f primes [llength $p] last [lindex $p end] top $top\n"
    "    emit mapped [string length $mapped] rev $rev numbers [llength $nums] pairs [llength $pairs]\n"
    "    emit swapped [string length $swapped] [string range $swapped 0 60]\n"
    "    emit names [llength $names] [lrange $names 0 6] classes [lsort -stride 2 $nclass]\n"
    "    emit errors $errs oks $oks codes [lrange $codes 0 3] caught $caught finally $fin\n"
    "    emit counter $counter caller $seen_by_caller sqrt [format %.12f $sq] series [format %.15g $s]\n"
    "    emit unique [llength $big] [lrange $big 0 5] hits [llength $hits] packed [string length $packed]\n"
    "    emit unpacked [expr {$back eq [lrange $p 0 40]}] ref [getref $r] nested $nk [dict get $nested [lindex $nk 0]]\n"
    "    emit formats [format {%05d|%-6s|%x|%o|%+.3e|%c} $round abc 255 64 [expr {$sq * 1000}] 65]\n"
    "}\n"
    "string length $txt\n";

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    Jim_Interp *interp = Jim_CreateInterp();
    Jim_RegisterCoreCommands(interp);
    int init = Jim_packageInit(interp) | Jim_loadInit(interp) | Jim_regexpInit(interp) | Jim_arrayInit(interp);
    init |= Jim_packInit(interp) | Jim_stdlibInit(interp);
    prog_check("extensions", init == JIM_OK);
    Jim_CreateCommand(interp, "emit", emit_cmd, NULL, NULL);
    Jim_SetGlobalVariableStr(interp, "N", Jim_NewIntObj(interp, n));
    int rc = Jim_Eval(interp, script);
    const char *result = Jim_String(Jim_GetResult(interp));
    printf("rc=%d result=%s lines=%ld\n", rc, result, emitted);
    prog_check("the script ran", rc == JIM_OK);
    Jim_FreeInterp(interp);
    return prog_end(h);
}
