/* capitals.h: amounts in Chinese capitals (大写金额), as banks require on
 * finance documents.
 *
 * Convention (中国人民银行《正确填写票据和结算凭证的基本规定》, the stricter
 * of each allowed pair):
 *  - digits 零壹贰叁肆伍陆柒捌玖, units 拾佰仟万亿, 元角分, 整;
 *  - the leading 1 of 10-19 is written: 壹拾万元整, never 拾万元整;
 *  - zeros between two non-zero digits are written as one 零, across 万 and
 *    亿: 壹佰万零伍拾元整, 壹仟零壹万元整, 壹拾万零柒仟元整;
 *  - when the yuan digit is 0 and 角 is not, 零 is written: 壹仟元零伍角整;
 *    when 角 is 0 and 分 is not: 壹元零伍分;
 *  - 整 follows 元 or 角, never 分; below one yuan there is no 元: 伍角整;
 *  - zero is 零元整.
 * Above 亿 the count goes on in 万: 壹万亿元整 (10^12 yuan), 壹仟万亿元整
 * (10^15 yuan, MONEY_MAX: every amount grantdoc holds can be written).
 * Amounts are in 分 (fen), 0 to 10^18 - 1 (9,999,999,999,999,999.99 yuan). */
#ifndef GRANTDOC_CAPITALS_H
#define GRANTDOC_CAPITALS_H

#include <stdbool.h>
#include <stdint.h>

#define CAPITALS_MAX_FEN INT64_C(999999999999999999)

/* buf holds at least 128 bytes. False when fen is out of range. */
bool capitals_from_fen(int64_t fen, char *buf, int bufsize);
bool capitals_from_yuan(int64_t yuan, char *buf, int bufsize);

/* A count in ordinary Chinese numerals, as sentences write periods: 三
 * (年), 六 (个月), 十二, 二十. 1..99; other counts in Arabic digits. buf
 * holds 16 bytes; returns buf. */
const char *cn_numeral(int n, char buf[16]);

/* Reads capitals back to fen (for checks): false when s is not a
 * well-formed amount in the convention above. */
bool capitals_parse(const char *s, int64_t *fen);

#endif
