#include "srgb.h"

#include <stdint.h>
#include <string.h>

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24), p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8), p[3] = (unsigned char)v;
}

static void put16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8), p[1] = (unsigned char)v;
}

static void put_tag(unsigned char *p, const char sig[4])
{
	memcpy(p, sig, 4);
}

/* An XYZType: three s15Fixed16 numbers (given as value * 65536). */
static void put_xyz(unsigned char *p, uint32_t x, uint32_t y, uint32_t z)
{
	put_tag(p, "XYZ ");
	put32(p + 4, 0);
	put32(p + 8, x), put32(p + 12, y), put32(p + 16, z);
}

/* The sRGB tone curve at 64 points, 65535 * f(i / 63) where
 * f(x) = x / 12.92 up to 0.04045 and ((x + 0.055) / 1.055)^2.4 above. */
static const uint16_t TONE[64] = {
	0,     81,    161,   244,   345,   466,   609,   776,   965,   1180,  1420,  1687,  1980,  2301,  2651,  3030,
	3439,  3879,  4349,  4851,  5386,  5953,  6554,  7189,  7858,  8562,  9302,  10078, 10890, 11739, 12626, 13551,
	14513, 15515, 16556, 17636, 18757, 19918, 21120, 22363, 23648, 24974, 26344, 27756, 29211, 30710, 32253, 33840,
	35471, 37148, 38870, 40638, 42452, 44312, 46219, 48173, 50174, 52223, 54320, 56465, 58659, 60901, 63193, 65535,
};

void srgb_profile(unsigned char out[SRGB_PROFILE_SIZE])
{
	memset(out, 0, SRGB_PROFILE_SIZE);
	/* Header (ICC.1:2001-04, section 6.1); the date is fixed. */
	put32(out, SRGB_PROFILE_SIZE);
	put32(out + 8, 0x02100000);
	put_tag(out + 12, "mntr");
	put_tag(out + 16, "RGB ");
	put_tag(out + 20, "XYZ ");
	put16(out + 24, 2024), put16(out + 26, 1), put16(out + 28, 1);
	put_tag(out + 36, "acsp");
	put32(out + 68, 63190), put32(out + 72, 65536), put32(out + 76, 54061); /* D50 */
	/* Tag table: nine tags, the three curves sharing one. */
	static const struct {
		char sig[5];
		uint32_t offset, size;
	} tags[9] = {
		{ "desc", 240, 108 }, { "cprt", 348, 33 },  { "wtpt", 384, 20 },
		{ "rXYZ", 404, 20 },  { "gXYZ", 424, 20 },  { "bXYZ", 444, 20 },
		{ "rTRC", 464, 140 }, { "gTRC", 464, 140 }, { "bTRC", 464, 140 },
	};
	put32(out + 128, 9);
	for (int i = 0; i < 9; i++) {
		put_tag(out + 132 + 12 * i, tags[i].sig);
		put32(out + 136 + 12 * i, tags[i].offset);
		put32(out + 140 + 12 * i, tags[i].size);
	}
	/* textDescriptionType: ASCII, no Unicode, no ScriptCode. */
	static const char name[] = "sRGB IEC61966-2.1";
	put_tag(out + 240, "desc");
	put32(out + 248, sizeof name);
	memcpy(out + 252, name, sizeof name);
	/* textType. */
	put_tag(out + 348, "text");
	memcpy(out + 356, "No copyright, use freely", 25);
	put_xyz(out + 384, 63190, 65536, 54061); /* media white: D50 */
	put_xyz(out + 404, 28580, 14582, 911);   /* red, D50-adapted */
	put_xyz(out + 424, 25238, 46983, 6364);  /* green */
	put_xyz(out + 444, 9378, 3971, 46799);   /* blue */
	put_tag(out + 464, "curv");
	put32(out + 472, 64);
	for (int i = 0; i < 64; i++)
		put16(out + 476 + 2 * i, TONE[i]);
}
