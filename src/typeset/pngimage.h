/* pngimage.h: a PNG file read into the samples of a PDF image XObject.
 *
 * PDF/A-1 forbids transparency (no SMask), so an image is always opaque:
 * a PNG with an alpha channel or tRNS is composited onto white here (run.c
 * refuses such a seal before anything is drawn; this is the floor under
 * that check). Palette and low-bit images are expanded to 8-bit DeviceRGB
 * or DeviceGray, 16-bit ones reduced to 8 bits. */
#ifndef GRANTDOC_PNGIMAGE_H
#define GRANTDOC_PNGIMAGE_H

#include <stdbool.h>

#include "strbuf.h"

struct png_samples {
	unsigned width, height;
	int components;         /* 1: DeviceGray, 3: DeviceRGB */
	struct strbuf deflated; /* the rows, 8 bits a sample, as a zlib stream */
};

/* Reads path; false with one line in err when it is not a PNG libpng
 * can read. */
bool png_samples_load(const char *path, struct png_samples *out, struct strbuf *err);
void png_samples_free(struct png_samples *s);

#endif
