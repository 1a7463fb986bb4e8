/* money.h: amounts in whole yuan (int64_t), never floating point. */
#ifndef GRANTDOC_MONEY_H
#define GRANTDOC_MONEY_H

#include <stdbool.h>
#include <stdint.h>

/* Upper bound accepted on input: far above any grant, far below overflow
 * of the products the rules form (amount × ratio, sums over a batch). */
#define MONEY_MAX INT64_C(1000000000000000)

/* Parses "400000", "400,000", "400000元", "400,000.00元", "40万", "37.5万元".
 * Yuan amounts must be whole (".00" is allowed); 万 amounts may carry up to
 * four decimals. On failure returns false and sets *why to a Chinese-free
 * English phrase for the message. */
bool money_parse(const char *s, int64_t *yuan, const char **why);

/* 400000 -> "40", 375000 -> "37.5", 123456 -> "12.3456" (万元, trimmed). */
void money_format_wan(int64_t yuan, char *buf, int bufsize);
/* 400000 -> "400,000". */
void money_format_grouped(int64_t yuan, char *buf, int bufsize);

/* ⌊amount × percent / 100⌋ for non-negative amounts: ratio caps round down. */
int64_t money_percent_floor(int64_t amount, int percent);

#endif
