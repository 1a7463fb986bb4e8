#include "pngimage.h"

#include <png.h>
#include <stdlib.h>
#include <string.h>

#include "flate.h"

bool png_samples_load(const char *path, struct png_samples *out, struct strbuf *err)
{
	memset(out, 0, sizeof *out);
	png_image img;
	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&img, path)) {
		sb_printf(err, "%s: not a PNG file libpng can read (%s)", path, img.message);
		png_image_free(&img);
		return false;
	}
	/* Colour or grey as the file is; alpha and colour maps resolved. */
	bool colour = (img.format & PNG_FORMAT_FLAG_COLOR) != 0;
	img.format = colour ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
	int components = colour ? 3 : 1;
	size_t stride = (size_t)img.width * (size_t)components;
	unsigned char *rows = malloc(stride * img.height);
	png_color white = { 255, 255, 255 };
	if (!rows || !png_image_finish_read(&img, &white, rows, (png_int_32)stride, NULL)) {
		sb_printf(err, "%s: PNG image data unreadable (%s)", path, rows ? img.message : "out of memory");
		free(rows);
		png_image_free(&img);
		return false;
	}
	out->width = img.width;
	out->height = img.height;
	out->components = components;
	flate_compress(&out->deflated, rows, stride * img.height);
	free(rows);
	png_image_free(&img);
	return true;
}

void png_samples_free(struct png_samples *s)
{
	sb_free(&s->deflated);
	memset(s, 0, sizeof *s);
}
