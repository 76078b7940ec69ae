// SPDX-License-Identifier: MIT
// TinyXML-2 9.0.0 (Debian's tinyxml2 source package, tinyxml2.cpp unchanged):
// a C++ XML DOM built without exceptions or RTTI, and without the C++ library's
// containers: its own templates (DynArray<T, N>, MemPoolT<SIZE> per node kind)
// hand out every node and attribute in many small steps, and XMLVisitor's and
// XMLNode's virtual functions (Accept, ToElement, ShallowClone, ...) dispatch
// every walk. This driver builds catalogues of records (elements, attributes of
// every type, text, comments, CDATA, entities) through the DOM, prints them
// with XMLPrinter (itself a visitor), parses the text back in both whitespace
// modes, checks the printed copy is the same, walks it with visitors of its own,
// queries every attribute by its typed getters, deep-copies, deletes every other
// record, and hashes what it printed and counted.
//   tinyxml2_bench N      (N rounds; round r has 200 + 40 r records)
#include "prog_common.h"

#include "tinyxml2.h"

using namespace tinyxml2;

static uint32_t h = PROG_FNV_INIT;

static void hash_text(const char *s, size_t n) {
    h = prog_fnv(h, s, n);
}

// Counts every node kind and sums what it can read of each element (a virtual
// call per node, as a user's visitor makes).
class Census : public XMLVisitor {
  public:
    unsigned elements = 0, attributes = 0, texts = 0, comments = 0, cdata = 0, depth = 0, deepest = 0;
    uint32_t sum = 0;

    bool VisitEnter(const XMLElement &e, const XMLAttribute *a) override {
        elements++;
        if (++depth > deepest) {
            deepest = depth;
        }
        for (; a != nullptr; a = a->Next()) {
            attributes++;
            sum = prog_fnv(sum, a->Name(), strlen(a->Name()));
        }
        int id = 0;
        if (e.QueryIntAttribute("id", &id) == XML_SUCCESS) {
            sum += (uint32_t)id * 2654435761u;
        }
        return true;
    }
    bool VisitExit(const XMLElement &) override {
        depth--;
        return true;
    }
    bool Visit(const XMLText &t) override {
        if (t.CData()) {
            cdata++;
        } else {
            texts++;
        }
        sum = prog_fnv(sum, t.Value(), strlen(t.Value()));
        return true;
    }
    bool Visit(const XMLComment &c) override {
        comments++;
        sum = prog_fnv(sum, c.Value(), strlen(c.Value()));
        return true;
    }
};

// Stops the walk at the first element named `want` (a visitor that returns false).
class Finder : public XMLVisitor {
  public:
    explicit Finder(const char *want)
        : want_(want) {
    }
    const XMLElement *found = nullptr;
    unsigned seen = 0;
    bool VisitEnter(const XMLElement &e, const XMLAttribute *) override {
        seen++;
        if (found == nullptr && strcmp(e.Name(), want_) == 0) {
            found = &e;
        }
        return found == nullptr;
    }

  private:
    const char *want_;
};

static const char *const kinds[] = { "book", "disc", "map", "tool", "seed", "lamp", "coat", "kite" };
static const char *const words[] = { "alpha", "beta", "gamma & delta", "<eps>", "\"zeta\"", "eta's", "theta", "iota" };

// One record: an element with typed attributes, a few children, text that needs escaping.
static void add_record(XMLDocument &doc, XMLElement *parent, prog_rng *r, int id) {
    uint32_t x = prog_rand(r);
    XMLElement *rec = doc.NewElement(kinds[x & 7]);
    rec->SetAttribute("id", id);
    rec->SetAttribute("price", (double)(x % 100000) / 100.0);
    rec->SetAttribute("stock", (unsigned)(x >> 16));
    rec->SetAttribute("big", (int64_t)x * (int64_t)-977);
    rec->SetAttribute("ok", (x & 8) != 0);
    rec->SetAttribute("ratio", (float)(x % 1000) / 8.0f);
    rec->SetAttribute("name", words[(x >> 4) & 7]);
    parent->InsertEndChild(rec);
    XMLElement *title = rec->InsertNewChildElement("title");
    char buf[64];
    snprintf(buf, sizeof buf, "%s %u of %s", words[(x >> 7) & 7], (x >> 10) % 1000, kinds[(x >> 13) & 7]);
    title->SetText(buf);
    int tags = (int)((x >> 20) % 4);
    for (int t = 0; t < tags; t++) {
        XMLElement *tag = rec->InsertNewChildElement("tag");
        tag->SetText((int)(prog_rand(r) % 5000) - 2500);
    }
    if ((x & 0x30) == 0) {
        rec->InsertNewComment(" restocked -- twice ");
    }
    if ((x & 0x1c0) == 0) {
        XMLText *raw = doc.NewText("if (a < b && c > d) { return \"x\"; }");
        raw->SetCData(true);
        rec->InsertEndChild(raw);
    }
    if ((x & 0x600) == 0) {
        XMLElement *nest = rec->InsertNewChildElement("parts");
        XMLElement *at = nest;
        for (int d = 0; d < 6; d++) {
            at = at->InsertNewChildElement("part");
            at->SetAttribute("level", d);
        }
        at->SetText(3.25 * id);
    }
}

// The document printed into text (compact or indented), hashed; its size returned.
static size_t print_doc(const XMLDocument &doc, bool compact, char **copy) {
    XMLPrinter printer(nullptr, compact);
    doc.Print(&printer);
    size_t n = (size_t)printer.CStrSize() - 1;
    hash_text(printer.CStr(), n);
    if (copy != nullptr) {
        *copy = (char *)malloc(n + 1);
        memcpy(*copy, printer.CStr(), n + 1);
    }
    return n;
}

// Every attribute of every record read back through the typed getters.
static uint32_t query_all(const XMLElement *catalogue) {
    uint32_t s = 0;
    for (const XMLElement *e = catalogue->FirstChildElement(); e != nullptr; e = e->NextSiblingElement()) {
        int id = e->IntAttribute("id");
        double price = e->DoubleAttribute("price");
        unsigned stock = e->UnsignedAttribute("stock");
        int64_t big = e->Int64Attribute("big");
        bool ok = e->BoolAttribute("ok");
        float ratio = e->FloatAttribute("ratio");
        int missing = e->IntAttribute("missing", -7);
        long long cents = (long long)(price * 100.0 + 0.5);
        s = s * 31u + (uint32_t)id + (uint32_t)cents + stock + (uint32_t)big + (uint32_t)(big >> 32) + ok + (uint32_t)(ratio * 8.0f) + (uint32_t)missing;
        for (const XMLElement *t = e->FirstChildElement("tag"); t != nullptr; t = t->NextSiblingElement("tag")) {
            int v = 0;
            if (t->QueryIntText(&v) == XML_SUCCESS) {
                s += (uint32_t)v;
            }
        }
    }
    return s;
}

static void round_trip(int round, int records) {
    XMLDocument doc;
    doc.InsertEndChild(doc.NewDeclaration());
    XMLElement *cat = doc.NewElement("catalogue");
    cat->SetAttribute("round", round);
    doc.InsertEndChild(cat);
    prog_rng r = { 0x9e3779b9u ^ (uint32_t)(round * 7919) };
    for (int i = 0; i < records; i++) {
        add_record(doc, cat, &r, round * 100000 + i);
    }

    char *indented = nullptr;
    size_t n_ind = print_doc(doc, false, &indented);
    char *compact = nullptr;
    size_t n_cmp = print_doc(doc, true, &compact);

    // parsed back in both whitespace modes; each must print what the built tree printed
    XMLDocument keep(true, PRESERVE_WHITESPACE);
    prog_check("parse indented", keep.Parse(indented, n_ind) == XML_SUCCESS);
    XMLDocument collapse(true, COLLAPSE_WHITESPACE);
    prog_check("parse compact", collapse.Parse(compact, n_cmp) == XML_SUCCESS);
    char *again = nullptr;
    size_t n_again = print_doc(keep, false, &again);
    prog_check("reprint same", n_again == n_ind && memcmp(again, indented, n_ind) == 0);
    free(again);

    Census census;
    collapse.Accept(&census);
    h = prog_fnv(h, &census.sum, sizeof census.sum);
    uint32_t q = query_all(keep.FirstChildElement("catalogue"));
    h = prog_fnv(h, &q, sizeof q);

    Finder finder("lamp");
    keep.Accept(&finder);
    int lamp = finder.found != nullptr ? finder.found->IntAttribute("id") : -1;

    // a deep copy, every other record deleted from it, and printed
    XMLDocument copy;
    keep.DeepCopy(&copy);
    XMLElement *ccat = copy.FirstChildElement("catalogue");
    int deleted = 0;
    for (XMLElement *e = ccat->FirstChildElement(); e != nullptr;) {
        XMLElement *next = e->NextSiblingElement();
        if (next != nullptr) {
            XMLElement *after = next->NextSiblingElement();
            ccat->DeleteChild(next);
            deleted++;
            e = after;
        } else {
            e = nullptr;
        }
    }
    size_t n_half = print_doc(copy, true, nullptr);

    // unprocessed entities: the text keeps &amp; as written
    XMLDocument raw(false);
    prog_check("parse raw", raw.Parse(compact, n_cmp) == XML_SUCCESS);
    Census raw_census;
    raw.Accept(&raw_census);

    printf("round %d: %d records, %zu B indented, %zu B compact, %u elements %u attributes %u texts %u cdata "
           "%u comments depth %u, lamp %d after %u, %d deleted %zu B, raw %08x\n",
        round, records, n_ind, n_cmp, census.elements, census.attributes, census.texts, census.cdata,
        census.comments, census.deepest, lamp, finder.seen, deleted, n_half, (unsigned)raw_census.sum);
    free(indented);
    free(compact);
}

// Malformed documents must fail with the error TinyXML-2 names, not crash.
static void errors(void) {
    static const char *const bad[] = {
        "<a><b></a>",
        "<a x='1' x='2'/>",
        "<a>&#xZZ;</a>",
        "<a",
        "<!-- open",
        "<a><![CDATA[x</a>",
        "",
        "<a b=c/>",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        XMLDocument doc;
        XMLError e = doc.Parse(bad[i]);
        printf("bad %zu: %s line %d\n", i, XMLDocument::ErrorIDToName(e), doc.ErrorLineNum());
        hash_text(XMLDocument::ErrorIDToName(e), strlen(XMLDocument::ErrorIDToName(e)));
    }
}

int main(int argc, char **argv) {
    int rounds = (int)prog_size(argc, argv, 4);
    printf("TinyXML-2 %d.%d.%d, %d rounds\n", TIXML2_MAJOR_VERSION, TIXML2_MINOR_VERSION, TIXML2_PATCH_VERSION, rounds);
    for (int round = 0; round < rounds; round++) {
        round_trip(round, 200 + 40 * round);
    }
    errors();
    return prog_end(h);
}
