// The system zlib (zlib1g-dev on Debian), for reading compressed HdrHistogram encodings.
//
// inflateInit() is a macro over inflateInit_() that Swift cannot call, so it gets a
// `static inline` wrapper here.
#ifndef FLOWBOOK_CZLIB_SHIM_H
#define FLOWBOOK_CZLIB_SHIM_H

#include <zlib.h>

static inline int fb_inflate_init(z_stream *stream) { return inflateInit(stream); }

#endif
