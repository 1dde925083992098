/* UTF-8 decoding, validation and simple case folding; locale-free. */
#include "engine/text/utf8.h"

/* Well-formed byte sequences follow the Unicode Standard, Table 3-7 ("Well-Formed UTF-8 Byte
 * Sequences"); an ill-formed sequence is replaced by one U+FFFD per maximal subpart (Unicode
 * §3.9, "U+FFFD Substitution of Maximal Subparts"). */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    if (len == 0) {
        *cp = UTF8_REPLACEMENT;
        return 0;
    }
    const unsigned char *p = (const unsigned char *)s;
    unsigned char c = p[0];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    size_t need;
    uint32_t v;
    unsigned char lo = 0x80, hi = 0xBF; /* allowed range of the second byte */
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
        v = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        v = c & 0x0F;
        if (c == 0xE0)
            lo = 0xA0; /* no overlong forms */
        else if (c == 0xED)
            hi = 0x9F; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        v = c & 0x07;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F; /* nothing past U+10FFFF */
    } else {
        *cp = UTF8_REPLACEMENT;
        return 1;
    }
    size_t i = 1;
    for (; i <= need; i++) {
        if (i >= len)
            break;
        unsigned char b = p[i];
        unsigned char l = i == 1 ? lo : 0x80, h = i == 1 ? hi : 0xBF;
        if (b < l || b > h)
            break;
        v = (v << 6) | (b & 0x3F);
    }
    if (i <= need) {
        *cp = UTF8_REPLACEMENT;
        return i;
    }
    *cp = v;
    return need + 1;
}

size_t utf8_encode(uint32_t cp, char *out)
{
    unsigned char *o = (unsigned char *)out;
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        cp = UTF8_REPLACEMENT;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* True when the n bytes at s spell U+FFFD itself (EF BF BD), as opposed to a replacement. */
static bool is_literal_fffd(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    return n == 3 && p[0] == 0xEF && p[1] == 0xBF && p[2] == 0xBD;
}

bool utf8_valid(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (cp == UTF8_REPLACEMENT && !is_literal_fffd(s + i, n))
            return false;
        i += n;
    }
    return true;
}

size_t utf8_length(const char *s, size_t len)
{
    size_t i = 0, count = 0;
    while (i < len) {
        uint32_t cp;
        size_t n = utf8_decode(s + i, len - i, &cp);
        if (cp == UTF8_REPLACEMENT && !is_literal_fffd(s + i, n))
            count += n; /* each invalid byte counts once */
        else
            count++;
        i += n;
    }
    return count;
}

/* Case pairs follow Unicode's CaseFolding.txt (status C and S) for the blocks named in the
 * header. */
uint32_t utf8_fold(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp < 0x100) {
        if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
            return cp + 32;
        return cp;
    }
    if (cp < 0x180) { /* Latin Extended-A */
        if (cp == 0x130)
            return 'i';
        if (cp == 0x178)
            return 0xFF;
        if (cp == 0x17F)
            return 's';
        if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) ||
            (cp >= 0x14A && cp <= 0x177))
            return (cp & 1) ? cp : cp + 1;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    if (cp >= 0x370 && cp < 0x400) { /* Greek */
        if (cp == 0x386)
            return 0x3AC;
        if (cp >= 0x388 && cp <= 0x38A)
            return cp + 37;
        if (cp == 0x38C)
            return 0x3CC;
        if (cp == 0x38E || cp == 0x38F)
            return cp + 63;
        if ((cp >= 0x391 && cp <= 0x3A1) || (cp >= 0x3A3 && cp <= 0x3AB))
            return cp + 32;
        if (cp == 0x3C2) /* final sigma folds to sigma */
            return 0x3C3;
        return cp;
    }
    if (cp >= 0x400 && cp < 0x530) { /* Cyrillic and its supplement */
        if (cp <= 0x40F)
            return cp + 80;
        if (cp <= 0x42F)
            return cp + 32;
        if (cp == 0x4C0)
            return 0x4CF;
        if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF) ||
            (cp >= 0x4D0 && cp <= 0x52F))
            return (cp & 1) ? cp : cp + 1;
        if (cp >= 0x4C1 && cp <= 0x4CE)
            return (cp & 1) ? cp + 1 : cp;
        return cp;
    }
    return cp;
}

bool utf8_is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= 0x09 && cp <= 0x0D) || cp == 0xA0 ||
           (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x3000;
}

bool utf8_is_alnum(uint32_t cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0)
        return false;
    if (cp == 0xD7 || cp == 0xF7) /* multiplication and division signs */
        return false;
    if (cp >= 0x2000 && cp <= 0x206F) /* General Punctuation */
        return false;
    if (cp >= 0x20A0 && cp <= 0x20CF) /* currency symbols */
        return false;
    if (cp >= 0x2190 && cp <= 0x2BFF) /* arrows, math operators, technical, box drawing,
                                         shapes, dingbats, misc. symbols */
        return false;
    if (cp >= 0x2E00 && cp <= 0x2E7F) /* Supplemental Punctuation */
        return false;
    if (cp >= 0x3000 && cp <= 0x303F) /* CJK symbols and punctuation */
        return false;
    if (cp >= 0xD800 && cp <= 0xF8FF) /* surrogates, private use */
        return false;
    if (cp >= 0xFE10 && cp <= 0xFE1F) /* vertical forms */
        return false;
    if (cp >= 0xFE30 && cp <= 0xFE6F) /* CJK compatibility forms, small form variants */
        return false;
    if ((cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
        (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65)) /* fullwidth punct. */
        return false;
    if (cp >= 0xFFF0 && cp <= 0xFFFF) /* specials, U+FFFD included */
        return false;
    if (cp >= 0x1F000 && cp <= 0x1FAFF) /* emoji and pictographs */
        return false;
    if (cp > 0x10FFFF)
        return false;
    return true;
}
