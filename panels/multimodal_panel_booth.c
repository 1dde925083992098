/* The Multimodal pane's headline figures for booth mode (B, tour scenes): from the last report. */
#include <stdio.h>
#include <string.h>

#include "panels/multimodal_panel.h"
#include "tui/format.h"

bool mm_panel_headline(const void *st, const char *which, char *value, size_t vsize, char *label,
                       size_t lsize)
{
    const MmPanel *p = st;
    if (!p->ok)
        return false;
    const VisionModelSpec *m = &vision_models(&(size_t){0})[p->q.model];
    if (!which || !*which || strcmp(which, "tokens") == 0) {
        snprintf(value, vsize, "%lld", (long long)p->r.tok.per_image);
        snprintf(label, lsize, "visual tokens for one %dx%d image: %s", p->q.width, p->q.height,
                 m->label);
    } else if (strcmp(which, "kv") == 0 && p->r.has_kv) {
        fmt_bytes(value, vsize, (double)p->r.kv_visual_bytes);
        snprintf(label, lsize, "KV cache the images take on %s", p->r.llm_label);
    } else {
        return false;
    }
    return true;
}
