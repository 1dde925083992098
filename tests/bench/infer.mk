# Serving-simulator benchmark: links the engine archive alone (no curses).
BENCHES += $(BUILD)/bench/bench_infer

$(BUILD)/bench/bench_infer: tests/bench/bench_infer.c $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) $< $(ENGINE_LIB) $(LDLIBS) -o $@
