// SPDX-License-Identifier: MIT
// TRE (Debian's tre source package, lib/ unchanged; byte characters, with
// approximate matching): POSIX extended regular expressions over the lines of
// a generated text of N KiB. TRE compiles each pattern to a tagged NFA and
// runs it with its parallel matcher; back references take its backtracking
// matcher, and regaexec its approximate (edit-distance) matcher. Counts the
// lines each pattern matches and hashes every match's and group's offsets.
//   tre_bench N
#include "tre.h"
#include "prog_common.h"

static const struct {
    const char *re;
    int flags;
    int approx;  // maximum edit cost for regaexec; 0: regexec
} pats[] = {
    { "(memory|module|instance) ([0-9]+)", REG_EXTENDED, 0 },
    { "^([a-z]+) ([a-z]+)[ ,]", REG_EXTENDED, 0 },
    { "(e[a-z]*r{1,2}[a-z]*) [^ ]*(ing|ed|or)\\b", REG_EXTENDED, 0 },
    { "(SENSOR|PACKET|TIMER)[^0-9]*([0-9]{2,4})", REG_EXTENDED | REG_ICASE, 0 },
    { "([a-z]+) \\1", REG_EXTENDED, 0 },
    { "((a|e|i|o|u)[^aeiou ]){3,}", REG_EXTENDED, 0 },
    { "interupt", REG_EXTENDED, 2 },
    { "(requst|respons) stat", REG_EXTENDED, 1 },
};

int main(int argc, char **argv) {
    size_t len = (size_t)prog_size(argc, argv, 64) * 1024;
    char *text = malloc(len + 1);
    char *line = malloc(len + 1);
    if (text == NULL || line == NULL) {
        printf("out of memory\n");
        return 1;
    }
    prog_text((uint8_t *)text, len, 8086);
    text[len] = '\0';
    char ver[64];
    snprintf(ver, sizeof(ver), "%s", tre_version());
    printf("%s\n", strchr(ver, ' ') != NULL ? strchr(ver, ' ') + 1 : ver);
    uint32_t h = PROG_FNV_INIT;
    for (size_t k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
        regex_t re;
        int rc = tre_regcomp(&re, pats[k].re, pats[k].flags);
        if (rc != 0) {
            char msg[128];
            tre_regerror(rc, &re, msg, sizeof(msg));
            printf("regcomp %s: %s\n", pats[k].re, msg);
            return 1;
        }
        regaparams_t params;
        tre_regaparams_default(&params);
        params.max_cost = pats[k].approx;
        long lines = 0, matched = 0, cost = 0;
        for (size_t off = 0; off < len;) {
            size_t end = off;
            while (end < len && text[end] != '\n') {
                end++;
            }
            memcpy(line, text + off, end - off);
            line[end - off] = '\0';
            lines++;
            regmatch_t m[4];
            int hit;
            if (pats[k].approx) {
                regamatch_t am;
                memset(&am, 0, sizeof(am));
                am.nmatch = 4;
                am.pmatch = m;
                hit = tre_regaexec(&re, line, &am, params, 0) == 0;
                if (hit) {
                    cost += am.cost;
                }
            } else {
                hit = tre_regexec(&re, line, 4, m, 0) == 0;
            }
            if (hit) {
                matched++;
                for (int g = 0; g < 4; g++) {
                    int32_t so = (int32_t)m[g].rm_so, eo = (int32_t)m[g].rm_eo;
                    h = prog_fnv(h, &so, sizeof(so));
                    h = prog_fnv(h, &eo, sizeof(eo));
                }
            }
            off = end + 1;
        }
        printf("%-45s %s %ld of %ld lines", pats[k].re, tre_have_backrefs(&re) ? "(backrefs)" : "          ",
            matched, lines);
        if (pats[k].approx) {
            printf(", cost %ld", cost);
        }
        printf("\n");
        tre_regfree(&re);
    }
    printf("checksum=0x%08x\n", (unsigned)h);
    free(text);
    free(line);
    return 0;
}
