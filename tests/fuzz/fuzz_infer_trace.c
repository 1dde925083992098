/* The inference request trace reader (CSV: arrival_s,prompt,output): any bytes give requests
 * sorted by arrival within the length cap, or an error with a position. */
#include "tests/fuzz/fuzz.h"

#include "engine/infer/workload.h"

FUZZ_TARGET
{
    InferWorkload w;
    RError err;
    if (infer_trace_parse("trace.csv", (const char *)data, size, 4096, &w, &err) == 0) {
        for (size_t i = 0; i < w.count; i++)
            if ((i && w.items[i].arrival < w.items[i - 1].arrival) || w.items[i].output < 1 ||
                w.items[i].prompt + w.items[i].output > 4096)
                abort(); /* promised: sorted by arrival, at least one output token, capped */
        infer_workload_free(&w);
    }
    return 0;
}
