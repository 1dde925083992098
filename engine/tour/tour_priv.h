/* Shared by the tour loaders (tour.c, from_note.c); not part of the API. */
#ifndef RAMPUP_ENGINE_TOUR_TOUR_PRIV_H
#define RAMPUP_ENGINE_TOUR_TOUR_PRIV_H

#include "engine/error.h"

/* 0 when path is a regular file or does not exist (the reader then says so); -1 with "not a
 * regular file" for a FIFO, device or directory, which would block or confuse the reader. */
int tour_need_regular_file(const char *path, RError *err);

#endif
