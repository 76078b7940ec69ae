// SPDX-License-Identifier: MIT
// cJSON (Debian's cjson source package, cJSON.c unchanged): builds a document
// of N records, prints it (compact and formatted), parses both texts back,
// walks the parsed tree summing numbers and string lengths, and compares it
// with the original (cJSON_Compare).
//   cjson_bench N
#include "cJSON.h"
#include "prog_common.h"

static double walk(const cJSON *j, unsigned long *strings, unsigned long *nodes) {
    double sum = 0;
    for (; j != NULL; j = j->next) {
        ++*nodes;
        if (cJSON_IsNumber(j)) {
            sum += j->valuedouble;
        } else if (cJSON_IsString(j)) {
            *strings += strlen(j->valuestring);
        }
        sum += walk(j->child, strings, nodes);
    }
    return sum;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 2000);
    static const char *const tags[] = { "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta" };
    prog_rng r = { 31337 };
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "name", "mpwasm bench");
    cJSON *items = cJSON_AddArrayToObject(root, "items");
    for (long i = 0; i < n; i++) {
        uint32_t x = prog_rand(&r), y = prog_rand(&r);
        cJSON *it = cJSON_CreateObject();
        cJSON_AddNumberToObject(it, "id", (double)i);
        cJSON_AddNumberToObject(it, "price", (double)(x % 100000) / 100.0);
        cJSON_AddNumberToObject(it, "ratio", (double)(int32_t)y / 65536.0);
        cJSON_AddBoolToObject(it, "active", (x >> 20) & 1);
        char label[48];
        snprintf(label, sizeof(label), "item-%ld \"%s\"\t\\%u", i, tags[y % 8], (unsigned)(y >> 24));
        cJSON_AddStringToObject(it, "label", label);
        cJSON *t = cJSON_AddArrayToObject(it, "tags");
        for (uint32_t k = 0; k < 1 + (x >> 28) % 4; k++) {
            cJSON_AddItemToArray(t, cJSON_CreateString(tags[(x >> (3 * k)) % 8]));
        }
        if ((x & 15) == 0) {
            cJSON_AddNullToObject(it, "note");
        }
        cJSON_AddItemToArray(items, it);
    }
    uint32_t h = PROG_FNV_INIT;
    char *compact = cJSON_PrintUnformatted(root);
    char *pretty = cJSON_Print(root);
    h = prog_fnv(h, compact, strlen(compact));
    h = prog_fnv(h, pretty, strlen(pretty));
    printf("compact %lu bytes, formatted %lu bytes\n", (unsigned long)strlen(compact), (unsigned long)strlen(pretty));
    for (int pass = 0; pass < 2; pass++) {
        cJSON *back = cJSON_Parse(pass ? pretty : compact);
        if (back == NULL) {
            printf("parse failed near: %.20s\n", cJSON_GetErrorPtr());
            return 1;
        }
        unsigned long strings = 0, nodes = 0;
        double sum = walk(back, &strings, &nodes);
        printf("pass %d: %lu nodes, %lu string bytes, sum %.6f, equal %d\n", pass, nodes, strings, sum,
            cJSON_Compare(root, back, 1));
        cJSON *first = cJSON_GetArrayItem(cJSON_GetObjectItem(back, "items"), 0);
        char *one = cJSON_PrintUnformatted(first);
        printf("first: %s\n", one);
        cJSON_free(one);
        cJSON_Delete(back);
    }
    cJSON_free(compact);
    cJSON_free(pretty);
    cJSON_Delete(root);
    printf("cJSON %s\n", cJSON_Version());
    printf("checksum=0x%08x\n", (unsigned)h);
    return 0;
}
