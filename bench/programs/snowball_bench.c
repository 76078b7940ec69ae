// SPDX-License-Identifier: MIT
// Snowball 2.2.0 (Debian's snowball source package, unchanged): the stemmers
// of 29 languages (Porter's English among them), each compiled from its
// Snowball program to C by the package's own compiler (the generation step),
// and libstemmer's table of them: a stemmer is a set of function pointers
// (create, stem, close) found by name. Each stemmer walks a word's UTF-8
// characters backwards through `among` tables of suffixes (binary searches,
// each entry with a routine to call) and grouping bit sets of vowels. This
// driver makes words for each language from its alphabet and its common
// endings (letters drawn from a fixed PRNG), stems them with every stemmer
// libstemmer lists, and hashes the stems.
//   snowball_bench N      (N * 600 words a language)
#include "prog_common.h"

#include "libstemmer.h"

// A language's letters (UTF-8, one character a space-separated entry) and some of its endings.
typedef struct language {
    const char *name;
    const char *letters;
    const char *endings;
} language;

static const language languages[] = {
    { "english", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "ing ed ation ness ful fully ly ies es s ement ize izing al ally ive ous er est ability" },
    { "porter", "a b c d e f g h i j k l m n o p q r s t u v w x y z",
        "ational tional enci anci izer alli entli eli ousli ization ation ator alism iveness fulness ousness" },
    { "french", "a b c d e f g h i j l m n o p r s t u v é è ê à ç ô î û",
        "ement ements ation ations ité ités eux euse issement ant ante ance ence erait eront ions ez é ée" },
    { "german", "a b c d e f g h i k l m n o p r s t u w z ä ö ü ß",
        "ungen ung heit keit lich isch ern em en er es est ig end" },
    { "spanish", "a b c d e f g h i j l m n o p r s t u v z á é í ó ú ñ",
        "amiento imiento ación aciones idad idades mente ando iendo aba ían arán ería ísimo" },
    { "italian", "a b c d e f g h i l m n o p r s t u v z à è ì ò ù",
        "amento imento azione azioni ità mente ando endo avano eranno issimo ismi" },
    { "portuguese", "a b c d e f g h i j l m n o p r s t u v x z ã õ á é ç",
        "amento imento ação ações idade mente ando endo ava aram ssem íssimo" },
    { "dutch", "a b c d e f g h i j k l m n o p r s t u v w z ë ï",
        "heden heid ingen ing lijk baar bar en ene se s e" },
    { "swedish", "a b d e f g h i j k l m n o p r s t u v y ä å ö",
        "heterna hetens anden andes arens ernas het ast ande else fullt löst" },
    { "norwegian", "a b d e f g h i j k l m n o p r s t u v y æ ø å",
        "hetene hetens endes ende ande erte ert ast het elig leg lig" },
    { "danish", "a b d e f g h i j k l m n o p r s t u v y æ ø å",
        "erendes erende hedens ethed erede heden hedens endes ernes elig lig løst" },
    { "finnish", "a d e g h i j k l m n o p r s t u v y ä ö",
        "ssa ssä sta stä lla llä lta ltä lle ksi ine ista imman immän impi" },
    { "hungarian", "a b c d e f g h i j k l m n o p r s t u v z á é í ó ö ő ú ü ű",
        "ában ében ként ként ból ből ról ről nak nek val vel ért atok etek ság ség" },
    { "russian", "а б в г д е ж з и й к л м н о п р с т у ф х ц ч ш щ ы ь э ю я",
        "ость ости ение ения ами ями ого его ому ему ыми ими ая яя ую юю ать ять ился ится" },
    { "greek", "α β γ δ ε ζ η θ ι κ λ μ ν ξ ο π ρ σ τ υ φ χ ψ ω ά έ ή ί ό ύ ώ",
        "ματα ματος ματων ισμος ισμου ισμοι ουσα ουσες ωντας οντας εται ονται ες ος" },
    { "turkish", "a b c ç d e f g ğ h ı i j k l m n o ö p r s ş t u ü v y z",
        "lardan lerden larda lerde ları leri ımız imiz ında inde sız siz dır dir" },
    { "arabic", "ا ب ت ث ج ح خ د ذ ر ز س ش ص ض ط ظ ع غ ف ق ك ل م ن ه و ي ة ى",
        "ات ون ين ان ها هم كم نا ية تين تان" },
    { "indonesian", "a b c d e f g h i j k l m n o p r s t u w y",
        "kan an i lah kah pun nya ku mu" },
    { "irish", "a b c d e f g h i l m n o p r s t u á é í ó ú",
        "acha ach aíochta íochta anna acht óir eoir ithe" },
    { "catalan", "a b c d e f g h i j l m n o p q r s t u v x z à è é í ò ó ú ç",
        "ament aments ació acions itat itats ment ant aran eria íssim" },
    { "basque", "a b d e f g h i j k l m n o p r s t u x z ñ",
        "garri garria tasun tasuna arren ekin etik ago ena ak ek" },
    { "lithuanian", "a ą b c č d e ę ė f g h i į y j k l m n o p r s š t u ų ū v z ž",
        "iausias iausia ėjimas ėjimo imas ymas ystė ystės uose ose ams oms" },
    { "romanian", "a ă â b c d e f g h i î j l m n o p r s ș ş t ț ţ u v z",
        "ațiune ațiuni itate ități abil ibil ism ist ează esc ește ând" },
    { "serbian", "а б в г д ђ е ж з и ј к л љ м н њ о п р с т ћ у ф х ц ч џ ш a b c č ć d đ e g i j k l m n o p r s š t u v z ž",
        "ama ima ovi ova anje enje nost ost ski ska ого ама има" },
    { "armenian", "ա բ գ դ ե զ է ը թ ժ ի լ խ ծ կ հ ձ ղ ճ մ յ ն շ ո չ պ ջ ռ ս վ տ ր ց ու փ ք օ ֆ",
        "ություն ները ներ ում ով ից ին ի ը ել ած" },
    { "hindi", "क ख ग घ च छ ज झ ट ठ ड ढ त थ द ध न प फ ब भ म य र ल व श ष स ह ा ि ी ु ू े ै ो ौ ं",
        "ाएंगे ाएगी ियों ाओं ने ता ती ते ना नी कर िया ी े" },
    { "nepali", "क ख ग घ च छ ज झ ट ठ ड ढ त थ द ध न प फ ब भ म य र ल व श ष स ह ा ि ी ु ू े ै ो ौ ं",
        "लाई ले बाट को का की मा हरू सँग छन्" },
    { "tamil", "க ங ச ஞ ட ண த ந ப ம ய ர ல வ ழ ள ற ன ா ி ீ ு ூ ெ ே ை ொ ோ ்",
        "களை கள் த்தில் ஆல் இல் க்கு ஆன ஆக" },
    { "yiddish", "א ב ג ד ה ו ז ח ט י כ ל מ נ ס ע פ צ ק ר ש ת ך ם ן ף ץ",
        "ונג ונגען הייט קייט לעך ער ען עס טע" },
};
#define NLANGUAGES (int)(sizeof languages / sizeof languages[0])

// Split a space-separated list into its entries (pointers into a copy); returns the count.
static int split(const char *text, char ***out) {
    char *copy = strdup(text);
    int n = 0, cap = 16;
    char **items = malloc(cap * sizeof *items);
    for (char *p = strtok(copy, " "); p != NULL; p = strtok(NULL, " ")) {
        if (n == cap) {
            cap *= 2;
            items = realloc(items, cap * sizeof *items);
        }
        items[n++] = p;
    }
    *out = items;
    return n;
}

int main(int argc, char **argv) {
    long n = prog_size(argc, argv, 4);
    prog_rng rng = { 0x6a09e667u };
    uint32_t h = PROG_FNV_INIT;
    int listed = 0;
    for (const char **name = sb_stemmer_list(); *name != NULL; name++) {
        listed++;
    }
    printf("libstemmer lists %d stemmers\n", listed);
    for (int l = 0; l < NLANGUAGES; l++) {
        const language *lang = &languages[l];
        struct sb_stemmer *st = sb_stemmer_new(lang->name, "UTF_8");
        if (st == NULL) {
            printf("%s: no stemmer\n", lang->name);
            prog_failures++;
            continue;
        }
        char **letters, **endings;
        int nl = split(lang->letters, &letters);
        int ne = split(lang->endings, &endings);
        long words = n * 600, changed = 0, bytes_in = 0, bytes_out = 0;
        uint32_t lh = PROG_FNV_INIT;
        for (long w = 0; w < words; w++) {
            char word[256];
            size_t len = 0;
            int k = 2 + (int)(prog_rand(&rng) % 7u);
            for (int i = 0; i < k; i++) {
                const char *c = letters[prog_rand(&rng) % (uint32_t)nl];
                size_t cl = strlen(c);
                memcpy(word + len, c, cl);
                len += cl;
            }
            int suffixes = (int)(prog_rand(&rng) % 3u); // none, one or two endings
            for (int i = 0; i < suffixes; i++) {
                const char *e = endings[prog_rand(&rng) % (uint32_t)ne];
                size_t el = strlen(e);
                memcpy(word + len, e, el);
                len += el;
            }
            const sb_symbol *stem = sb_stemmer_stem(st, (const sb_symbol *)word, (int)len);
            if (stem == NULL) {
                printf("%s: out of memory\n", lang->name);
                prog_failures++;
                break;
            }
            int sl = sb_stemmer_length(st);
            changed += sl != (int)len || memcmp(stem, word, len) != 0;
            bytes_in += (long)len;
            bytes_out += sl;
            lh = prog_fnv(lh, stem, (size_t)sl);
            lh = prog_fnv(lh, "\n", 1);
        }
        printf("%-10s %6ld words, %6ld changed, %7ld -> %7ld bytes, hash 0x%08x\n", lang->name, words, changed,
            bytes_in, bytes_out, (unsigned)lh);
        h = prog_fnv(h, &lh, sizeof lh);
        free(letters[0]);
        free(letters);
        free(endings[0]);
        free(endings);
        sb_stemmer_delete(st);
    }
    return prog_end(h);
}
