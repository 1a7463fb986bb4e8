/* capitals_check FIGURE=CAPITALS ...: exits 1 naming the first pair whose
 * capitals do not read back to the figure (whole yuan), for the end-to-end
 * tests of disbursement.csv. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capitals.h"

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		int64_t fen = -1;
		if (!eq || !capitals_parse(eq + 1, &fen) || fen != strtoll(argv[i], NULL, 10) * 100) {
			printf("mismatch: %s\n", argv[i]);
			return 1;
		}
	}
	return 0;
}
