#include "progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static bool enabled;
static int decided_records, total;
static double started, last_draw;

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_enable(bool on)
{
	enabled = on && isatty(STDERR_FILENO);
}

void progress_begin(int decided, int total_documents)
{
	decided_records = decided;
	total = total_documents;
	started = now();
	last_draw = 0;
	progress_update(0);
}

void progress_update(int done)
{
	if (!enabled)
		return;
	double t = now();
	if (done < total && t - last_draw < 0.1)
		return;
	last_draw = t;
	double elapsed = t - started, rate = elapsed > 0 ? done / elapsed : 0;
	int width = 30, filled = total ? done * width / total : width;
	char bar[64];
	for (int i = 0; i < width; i++)
		bar[i] = i < filled ? '#' : '.';
	bar[width] = '\0';
	fprintf(stderr, "\r%d records decided  [%s] %d/%d documents  %.0f/s  %.0f s left ", decided_records, bar, done,
		total, rate, rate > 0 ? (total - done) / rate : 0.0);
	fflush(stderr);
}

void progress_end(void)
{
	if (!enabled)
		return;
	fputs("\r\033[K", stderr);
	fflush(stderr);
}
