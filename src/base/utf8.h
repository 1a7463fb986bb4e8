/* utf8.h: decoding and sanitising UTF-8. */
#ifndef GRANTDOC_UTF8_H
#define GRANTDOC_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "strbuf.h"

/* The replacement character marks bytes that were not valid text; any cell
 * holding it is refused, so no guessed character reaches a document. */
#define UTF8_REPLACEMENT "\xEF\xBF\xBD"

/* Decodes one code point at s (n bytes available). Returns its length, 0 if
 * the sequence is cut short by n, or -1 if it is invalid (overlong,
 * surrogate, above U+10FFFF, bad continuation). */
int utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

/* Writes cp (at most U+10FFFF, not a surrogate) as 1 to 4 bytes into buf;
 * returns the length. */
size_t utf8_encode(uint32_t cp, char buf[4]);

/* Appends in[0..n) to out with every invalid sequence replaced by U+FFFD.
 * Unless final, an incomplete sequence at the end is left unconsumed; the
 * return value is the number of bytes consumed. *invalid counts
 * replacements. */
size_t utf8_sanitize(const unsigned char *in, size_t n, bool final, struct strbuf *out, size_t *invalid);

/* Number of code points; invalid bytes count one each. */
size_t utf8_length(const char *s);

/* The longest prefix of s[0..n) of at most max bytes that does not end
 * inside a character: a value cut for a message stays valid text. */
size_t utf8_cut(const char *s, size_t n, size_t max);

/* True when s[0..n) holds only ASCII space, tab and U+3000 (or nothing). */
bool utf8_blank(const char *s, size_t n);

/* Trims ASCII space, tab and U+3000 at both ends, in place. */
char *utf8_trim(char *s);

#endif
