# Scaling-law fitter benchmark: links the engine archive alone (no curses).
BENCHES += $(BUILD)/bench/bench_scaling

$(BUILD)/bench/bench_scaling: tests/bench/bench_scaling.c $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(ENGINE_LIB) $(LDLIBS) -o $@
