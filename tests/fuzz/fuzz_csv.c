/* The scaling-law CSV reader and the drop of the highest losses on what it accepted. */
#include "tests/fuzz/fuzz.h"

#include "engine/scaling/csv.h"

FUZZ_TARGET
{
    ScalingData d;
    RError err;
    if (scaling_csv_parse("runs.csv", (const char *)data, size, &d, &err) == 0) {
        for (size_t i = 0; i < d.count; i++)
            if (!(d.items[i].params > 0 && d.items[i].tokens > 0 && d.items[i].loss > 0))
                abort(); /* the reader promises positive values */
        scaling_data_drop_highest_loss(&d, 2);
        scaling_data_free(&d);
    }
    return 0;
}
