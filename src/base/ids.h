/* ids.h: check the identity numbers that bans and duplicate checks join on.
 * No case folding: a lowercase letter or a lowercase x is invalid. */
#ifndef GRANTDOC_IDS_H
#define GRANTDOC_IDS_H

#include <stdbool.h>
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

#endif
