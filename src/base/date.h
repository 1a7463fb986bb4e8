/* date.h: calendar dates and minute-precision date-times, no time zone.
 *
 * A date is a day number (days since 1970-01-01, proleptic Gregorian), so
 * comparing and subtracting dates is integer arithmetic. Parsing is strict:
 * 2024-02-30 is an error, never rolled over into March. */
#ifndef GRANTDOC_DATE_H
#define GRANTDOC_DATE_H

#include <stdbool.h>
#include <stdint.h>

#define DATE_NONE INT32_MIN
#define DATETIME_NONE INT64_MIN

/* Day number of a valid y-m-d; false when the date does not exist. */
bool date_from_ymd(int y, int m, int d, int32_t *day);
void date_to_ymd(int32_t day, int *y, int *m, int *d);
/* 0 = Monday … 6 = Sunday. */
int date_weekday(int32_t day);
bool date_is_leap_year(int y);
int date_days_in_month(int y, int m);

/* Same day n months later (n may be negative); a day past the end of the
 * target month is clamped to its last day (1-31 + 1 month = 2-28/29). */
int32_t date_add_months(int32_t day, int months);
/* The last day of a period of N years counted from day `from` (民法典
 * 第二百零一、二百零二条: the first day is not counted, the period ends
 * on the corresponding day, and without one on the month's last day):
 * same month and day N years later, 29 February -> 28 February. A ban
 * decided on D for N years is in force from D through
 * date_period_end(D, N), both days included; every ban_until, bans.csv
 * and sanctions.csv `end` is that last day. */
int32_t date_period_end(int32_t from, int years);

/* Accepts 2024-12-04, 2024/12/4 and 2024年12月4日 (whole string). */
bool date_parse(const char *s, int32_t *day);
/* A date followed by ' ' or 'T' and HH:MM (optionally :SS, dropped: the
 * rules compare to the minute). Result in minutes since 1970-01-01 00:00. */
bool datetime_parse(const char *s, int64_t *minutes);
int64_t datetime_from(int32_t day, int hour, int minute);
int32_t datetime_day(int64_t minutes);

/* Writers; buf must hold at least 32 bytes. */
void date_format_iso(int32_t day, char *buf);         /* 2024-12-04 */
void date_format_cn(int32_t day, char *buf);          /* 2024年12月4日 */
void datetime_format_iso(int64_t minutes, char *buf); /* 2024-12-04 18:00 */

#endif
