# RAG benchmark (tests/bench/bench_rag.c) and the GloVe converter (tests/bench/glove_pack.c).
# Xapian and FAISS are for the benchmark only: `make deps` does not need them. When they are
# missing the bench builds without them (and says so when it runs); as root, building the
# bench first tries `apt-get install libxapian-dev libfaiss-dev`.

RAG_BENCH := $(BUILD)/bench/bench_rag
BENCHES   += $(RAG_BENCH)
RAG_BENCH_OBJ := $(BUILD)/tests/bench/bench_rag.o $(BUILD)/tests/bench/rag_data.o
CXX ?= c++

.PHONY: rag-bench-deps glove-content

rag-bench-deps:
	@if [ ! -f /usr/include/xapian.h ] || [ ! -f /usr/include/faiss/IndexFlat.h ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "bench_rag: installing libxapian-dev libfaiss-dev (benchmark only)"; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libxapian-dev libfaiss-dev; } >/dev/null 2>&1 || \
	      echo "bench_rag: install failed; building without them"; \
	  else echo "bench_rag: Xapian/FAISS headers absent; building without them"; fi; \
	fi

$(RAG_BENCH_OBJ): $(BUILD)/tests/bench/%.o: tests/bench/%.c
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(DEPFLAGS) -c $< -o $@

# The C++ bridge is compiled with whatever of Xapian/FAISS is installed at build time.
$(RAG_BENCH): $(RAG_BENCH_OBJ) tests/bench/rag_ext.cc tests/bench/rag_ext.h $(ENGINE_LIB) | rag-bench-deps
	@mkdir -p $(@D)
	@defs=""; libs=""; \
	if [ -f /usr/include/xapian.h ]; then defs="$$defs -DHAVE_XAPIAN"; libs="$$libs -lxapian"; fi; \
	if [ -f /usr/include/faiss/IndexFlat.h ]; then defs="$$defs -DHAVE_FAISS"; \
	  libs="$$libs -lfaiss -fopenmp"; fi; \
	echo "$(CXX) [rag_ext.cc$$defs] -> $@"; \
	$(CXX) -std=c++17 -O2 -g -I. $$defs -c tests/bench/rag_ext.cc -o $(BUILD)/tests/bench/rag_ext.o && \
	$(CXX) $(LDFLAGS) $(RAG_BENCH_OBJ) $(BUILD)/tests/bench/rag_ext.o $(ENGINE_LIB) \
	  $$libs $(LDLIBS) -o $@

$(BUILD)/bench/glove_pack: tests/bench/glove_pack.c $(ENGINE_LIB)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) $< $(ENGINE_LIB) $(LDLIBS) -o $@

# Regenerates content/glove/ from the shared float32 table (see content/glove/README.md).
GLOVE_SRC ?= ../shared/data/embeddings/glove-6B-100d-top50k
glove-content: $(BUILD)/bench/glove_pack
	./$(BUILD)/bench/glove_pack $(GLOVE_SRC) 100 content/glove
