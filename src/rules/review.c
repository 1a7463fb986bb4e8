#include "review.h"

#include <stdio.h>

int review_score(const int *scores, int n, enum review_method method)
{
	long sum = 0;
	int lo = scores[0], hi = scores[0];
	for (int i = 0; i < n; i++) {
		sum += scores[i];
		if (scores[i] < lo)
			lo = scores[i];
		if (scores[i] > hi)
			hi = scores[i];
	}
	long k = n;
	if (method == REVIEW_TRIMMED_MEAN && n >= 5) {
		sum -= lo + hi;
		k -= 2;
	}
	/* round(sum / k) half up, all non-negative */
	return (int)((2 * sum + k) / (2 * k));
}

void score_format(int hundredths, char *buf, int bufsize)
{
	snprintf(buf, (size_t)bufsize, "%d.%02d", hundredths / 100, hundredths % 100);
}

void score_format_short(int hundredths, char *buf, int bufsize)
{
	if (hundredths % 100 == 0)
		snprintf(buf, (size_t)bufsize, "%d", hundredths / 100);
	else if (hundredths % 10 == 0)
		snprintf(buf, (size_t)bufsize, "%d.%d", hundredths / 100, hundredths % 100 / 10);
	else
		score_format(hundredths, buf, bufsize);
}
