/* exitcodes.h: what grantdoc's exit status means (sysexits.h values,
 * spelled out so the meaning is in one place; grantdoc(1) lists them). */
#ifndef GRANTDOC_EXITCODES_H
#define GRANTDOC_EXITCODES_H

enum {
	EXIT_OK = 0,
	EXIT_DOCUMENTS = 1,  /* processed, but some documents could not be drawn */
	EXIT_BLOCKED = 3,    /* rows in rejects.csv block drawing; provisional tables in OUT_DIR.blocked */
	EXIT_USAGE = 64,     /* bad command line */
	EXIT_DATAERR = 65,   /* the batch as a whole is invalid; merge: shards do not add up */
	EXIT_NOINPUT = 66,   /* batch directory or a required file missing */
	EXIT_SOFTWARE = 70,  /* internal error */
	EXIT_CANTCREAT = 73, /* output directory or file cannot be written */
	EXIT_TEMPFAIL = 75,  /* the output directory is in use by another run */
	EXIT_CONFIG = 78     /* configuration: a template, fonts.conf, a font, a calendar */
};

#endif
