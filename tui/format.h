/* The number formatter lives in engine/format.h (the CLI and the engine's "why" text use it
 * too); this header only forwards to it for the panes that include it. */
#ifndef RAMPUP_TUI_FORMAT_H
#define RAMPUP_TUI_FORMAT_H

#include "engine/format.h"

#endif
