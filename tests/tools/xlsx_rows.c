/* xlsx_rows FILE.xlsx [SHEET]: reads a worksheet with the xlsx reader as a
 * run does, and prints rows, cells, cells with a problem, seconds and rows
 * per second (the reader's speed for the README; no output depends on it). */
#include <stdio.h>
#include <time.h>

#include "xlsx.h"

struct count {
	long rows, cells, problems;
};

static bool on_row(const struct xlsx_row *row, void *ctx)
{
	struct count *c = ctx;
	c->rows++;
	for (int i = 0; i < row->ncells; i++) {
		c->cells += row->cells[i].text[0] != '\0';
		c->problems += row->cells[i].problem != NULL;
	}
	return true;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: xlsx_rows FILE.xlsx [SHEET]\n");
		return 64;
	}
	struct count c = { 0, 0, 0 };
	struct strbuf err = STRBUF_INIT;
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	bool ok = xlsx_read(argv[1], argv[1], argc > 2 ? argv[2] : NULL, on_row, &c, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (!ok) {
		fprintf(stderr, "%s\n", sb_str(&err));
		sb_free(&err);
		return 65;
	}
	printf("%ld rows, %ld non-empty cells, %ld cells with a problem in %.2f s: %.0f rows/s\n", c.rows, c.cells,
	       c.problems, s, (double)c.rows / s);
	sb_free(&err);
	return 0;
}
