/* money.h: amounts in whole yuan (int64_t), never floating point. */
#ifndef GRANTDOC_MONEY_H
#define GRANTDOC_MONEY_H

#include <stdbool.h>
#include <stdint.h>

/* The range of every amount grantdoc holds, read or computed: 0 to 10^15
 * yuan. Far above any grant, and small enough that an amount times a
 * percentage or a small factor (2:1 matching) cannot overflow int64_t.
 * Input past it is a reject naming the cell; a sum of amounts is formed
 * only through money_add, which refuses to leave the range. */
#define MONEY_MAX INT64_C(1000000000000000)

static inline bool money_in_range(int64_t yuan)
{
	return yuan >= 0 && yuan <= MONEY_MAX;
}

/* *sum += yuan when both are amounts and the result stays one; otherwise
 * false and *sum unchanged. */
bool money_add(int64_t *sum, int64_t yuan);

/* Parses "400000", "400,000", "400000元", "400,000.00元", "40万", "37.5万元".
 * Yuan amounts must be whole (".00" is allowed); 万 amounts may carry up to
 * four decimals. On failure returns false and sets *why to a Chinese-free
 * English phrase for the message. */
bool money_parse(const char *s, int64_t *yuan, const char **why);

/* 400000 -> "40", 375000 -> "37.5", 123456 -> "12.3456" (万元, trimmed). */
void money_format_wan(int64_t yuan, char *buf, int bufsize);
/* 400000 -> "400,000". */
void money_format_grouped(int64_t yuan, char *buf, int bufsize);

/* ⌊amount × percent / 100⌋ for an amount and 0 <= percent <= 100: ratio
 * caps round down, and the result is never more than the amount. */
int64_t money_percent_floor(int64_t amount, int percent);

#endif
