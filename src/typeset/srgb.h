/* srgb.h: an sRGB (IEC 61966-2.1) ICC profile made here, for the PDF/A
 * output intent: version 2.1, display class, matrix/TRC — the standard's
 * primaries adapted to D50 and its tone curve sampled at 64 points (off
 * by less than 0.001 of a level of an 8-bit channel). 604 bytes, so that
 * every PDF carries 0.5 KB of profile instead of the 3 KB of a profile
 * file. */
#ifndef GRANTDOC_SRGB_H
#define GRANTDOC_SRGB_H

#include <stddef.h>

#define SRGB_PROFILE_SIZE 604

/* Writes the profile (SRGB_PROFILE_SIZE bytes) to out. */
void srgb_profile(unsigned char out[SRGB_PROFILE_SIZE]);

#endif
