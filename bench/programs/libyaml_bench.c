// SPDX-License-Identifier: MIT
// LibYAML (Debian's libyaml source package, src/*.c unchanged): builds a
// YAML document of about N KiB with the emitter (block and flow mappings and
// sequences; plain, quoted, literal and folded scalars; anchors, aliases and
// tags), then scans and parses it back event by event, loads it into a node
// graph (yaml_parser_load) and dumps that graph again (yaml_emitter_dump),
// which must parse to the same events. Prints counts and hashes.
//   libyaml_bench N
#include "yaml.h"
#include "prog_common.h"

typedef struct buf {
    unsigned char *data;
    size_t len, cap;
} buf;

static int write_buf(void *ctx, unsigned char *data, size_t size) {
    buf *b = ctx;
    if (b->len + size > b->cap) {
        size_t cap = (b->len + size) * 2;
        unsigned char *p = realloc(b->data, cap);
        if (p == NULL) {
            return 0;
        }
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, size);
    b->len += size;
    return 1;
}

static yaml_emitter_t em;
static int ok = 1;

static void emit(yaml_event_t *e) {
    if (ok && !yaml_emitter_emit(&em, e)) {
        printf("emitter error: %s\n", em.problem ? em.problem : "?");
        ok = 0;
    }
}

static void scalar(const char *text, yaml_scalar_style_t style, const char *anchor) {
    yaml_event_t e;
    yaml_scalar_event_initialize(&e, (yaml_char_t *)anchor, NULL, (yaml_char_t *)text, (int)strlen(text), 1, 1,
        style);
    emit(&e);
}

static void record(prog_rng *r, long i) {
    static const char *const words[] = { "sensor", "packet", "timer", "flash", "heap", "board", "serial", "stack" };
    yaml_event_t e;
    char text[96], anchor[16];
    uint32_t x = prog_rand(r);
    yaml_mapping_start_event_initialize(&e, NULL, NULL, 1, (x & 3) == 0 ? YAML_FLOW_MAPPING_STYLE
        : YAML_BLOCK_MAPPING_STYLE);
    emit(&e);
    scalar("id", YAML_PLAIN_SCALAR_STYLE, NULL);
    snprintf(text, sizeof(text), "%ld", i);
    snprintf(anchor, sizeof(anchor), "r%ld", i);
    scalar(text, YAML_PLAIN_SCALAR_STYLE, i % 10 == 0 ? anchor : NULL);
    scalar("name", YAML_PLAIN_SCALAR_STYLE, NULL);
    snprintf(text, sizeof(text), "%s-%u: \"quoted\" \\ value", words[x % 8], (unsigned)(x >> 20));
    scalar(text, (x >> 4) & 1 ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_SINGLE_QUOTED_SCALAR_STYLE, NULL);
    scalar("values", YAML_PLAIN_SCALAR_STYLE, NULL);
    yaml_sequence_start_event_initialize(&e, NULL, NULL, 1, (x >> 5) & 1 ? YAML_FLOW_SEQUENCE_STYLE
        : YAML_BLOCK_SEQUENCE_STYLE);
    emit(&e);
    for (uint32_t k = 0; k < 2 + (x >> 8) % 5; k++) {
        uint32_t v = prog_rand(r);
        snprintf(text, sizeof(text), "%u.%03u", (unsigned)(v % 1000), (unsigned)((v >> 10) % 1000));
        scalar(text, YAML_PLAIN_SCALAR_STYLE, NULL);
    }
    yaml_sequence_end_event_initialize(&e);
    emit(&e);
    if ((x & 3) != 0) {
        scalar("note", YAML_PLAIN_SCALAR_STYLE, NULL);
        snprintf(text, sizeof(text), "line one of %ld\nline two: %s\n  indented\n", i, words[(x >> 12) % 8]);
        scalar(text, (x >> 6) & 1 ? YAML_LITERAL_SCALAR_STYLE : YAML_FOLDED_SCALAR_STYLE, NULL);
        if (i >= 10) {
            scalar("ref", YAML_PLAIN_SCALAR_STYLE, NULL);
            snprintf(anchor, sizeof(anchor), "r%ld", (i / 10 - 1) * 10);
            yaml_alias_event_initialize(&e, (yaml_char_t *)anchor);
            emit(&e);
        }
    }
    yaml_mapping_end_event_initialize(&e);
    emit(&e);
}

// every event of the stream in `b`: their number, and a hash of their types and text
static int parse(const buf *b, long *events, uint32_t *h) {
    yaml_parser_t p;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, b->data, b->len);
    *events = 0;
    *h = PROG_FNV_INIT;
    for (;;) {
        yaml_event_t e;
        if (!yaml_parser_parse(&p, &e)) {
            printf("parser error: %s at line %lu\n", p.problem ? p.problem : "?", (unsigned long)p.problem_mark.line);
            yaml_parser_delete(&p);
            return 0;
        }
        (*events)++;
        int type = e.type;
        *h = prog_fnv(*h, &type, sizeof(type));
        if (e.type == YAML_SCALAR_EVENT) {
            *h = prog_fnv(*h, e.data.scalar.value, e.data.scalar.length);
        } else if (e.type == YAML_ALIAS_EVENT) {
            *h = prog_fnv(*h, e.data.alias.anchor, strlen((char *)e.data.alias.anchor));
        }
        int done = e.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&e);
        if (done) {
            break;
        }
    }
    yaml_parser_delete(&p);
    return 1;
}

int main(int argc, char **argv) {
    size_t want = (size_t)prog_size(argc, argv, 64) * 1024;
    buf first = { NULL, 0, 0 }, second = { NULL, 0, 0 };
    yaml_event_t e;
    yaml_emitter_initialize(&em);
    yaml_emitter_set_output(&em, write_buf, &first);
    yaml_emitter_set_unicode(&em, 1);
    yaml_stream_start_event_initialize(&e, YAML_UTF8_ENCODING);
    emit(&e);
    yaml_document_start_event_initialize(&e, NULL, NULL, NULL, 0);
    emit(&e);
    yaml_sequence_start_event_initialize(&e, NULL, (yaml_char_t *)YAML_SEQ_TAG, 1, YAML_BLOCK_SEQUENCE_STYLE);
    emit(&e);
    prog_rng r = { 2718 };
    long records = 0;
    while (ok && first.len < want) {
        record(&r, records++);
        yaml_emitter_flush(&em);
    }
    yaml_sequence_end_event_initialize(&e);
    emit(&e);
    yaml_document_end_event_initialize(&e, 1);
    emit(&e);
    yaml_stream_end_event_initialize(&e);
    emit(&e);
    yaml_emitter_delete(&em);
    if (!ok) {
        return 1;
    }
    printf("libyaml %s: emitted %ld records, %lu bytes\n", yaml_get_version_string(), records,
        (unsigned long)first.len);
    long ev1, ev2;
    uint32_t h1, h2;
    if (!parse(&first, &ev1, &h1)) {
        return 1;
    }
    printf("parsed: %ld events, hash %08x\n", ev1, (unsigned)h1);

    // load into nodes, dump again
    yaml_parser_t p;
    yaml_document_t doc;
    yaml_parser_initialize(&p);
    yaml_parser_set_input_string(&p, first.data, first.len);
    if (!yaml_parser_load(&p, &doc)) {
        printf("loader error: %s\n", p.problem ? p.problem : "?");
        return 1;
    }
    long nodes = (long)(doc.nodes.top - doc.nodes.start);
    yaml_emitter_initialize(&em);
    yaml_emitter_set_output(&em, write_buf, &second);
    yaml_emitter_set_unicode(&em, 1);
    if (!yaml_emitter_open(&em) || !yaml_emitter_dump(&em, &doc) || !yaml_emitter_close(&em)) {
        printf("dumper error: %s\n", em.problem ? em.problem : "?");
        return 1;
    }
    yaml_emitter_delete(&em);
    yaml_parser_delete(&p);
    if (!parse(&second, &ev2, &h2)) {
        return 1;
    }
    uint32_t hd = prog_fnv(PROG_FNV_INIT, second.data, second.len);
    printf("loaded %ld nodes, dumped %lu bytes (hash %08x), parsed again: %ld events, hash %08x\n", nodes,
        (unsigned long)second.len, (unsigned)hd, ev2, (unsigned)h2);
    uint32_t h = prog_fnv(prog_fnv(PROG_FNV_INIT, first.data, first.len), &hd, sizeof(hd));
    printf("checksum=0x%08x\n", (unsigned)h);
    free(first.data);
    free(second.data);
    return 0;
}
