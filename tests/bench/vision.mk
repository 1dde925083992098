# Multimodal and Evals benchmark: links the engine archive alone (no curses).
BENCHES += $(BUILD)/bench/bench_vision

$(BUILD)/bench/bench_vision: tests/bench/bench_vision.c $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(ENGINE_LIB) $(LDLIBS) -o $@
