/* ids.h: check the identity numbers that bans and duplicate checks join on.
 *
 * Two questions, kept apart (V2-G4): can a cell be such a number at all
 * (its form: length and alphabet; a data error when not, with what
 * probably happened), and does a well-formed number pass its check
 * character (a legal refusal, ID-USCC / ID-PERSON, when not). Lower-case
 * letters are read as upper case before either question is asked. */
#ifndef GRANTDOC_IDS_H
#define GRANTDOC_IDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* 统一社会信用代码, GB 32100-2015: 18 characters, check character last. */
bool uscc_valid(const char *s);
/* Check character for the first 17 characters of a code (for generators
 * and tests); '\0' if one of them is not in the code alphabet. */
char uscc_check_char(const char *first17);
/* Characters 3-4 / 3-6 / 3-8: the administrative division. The code must be
 * valid; out must hold 7 bytes. */
void uscc_division(const char *s, int digits, char *out);

/* 居民身份证号, GB 11643-1999: 17 digits + ISO 7064 MOD 11-2 check; the
 * birth date (characters 7-14) must be a real date. */
bool person_id_valid(const char *s, int32_t *birth);
char person_id_check_char(const char *first17);

/* Identity cells: s is upper-cased in place (a lower-case x, lower-case
 * USCC letters). When s cannot be a number of the kind at all —
 * scientific notation as a spreadsheet writes it (1.40105E+17), a number
 * with a decimal point or separators, the wrong length, a character
 * outside the alphabet — returns why (a sentence of at most n bytes
 * saying what probably happened); NULL when s is empty or well formed
 * (18 characters of the alphabet; the check character is uscc_valid's /
 * person_id_valid's question). */
const char *uscc_malformed(char *s, char *why, size_t n);
const char *person_id_malformed(char *s, char *why, size_t n);

#endif
