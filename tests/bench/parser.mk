# The parser micro-benchmark's program: our request parser (the module's
# kmod/proto code) and libhttp-parser, both at -O2 (`make -f parser.mk`).
ROOT := ../..
CFLAGS := -O2 -g -Wall -Wextra -Werror -std=gnu11 -I$(ROOT)/kmod/proto
PROTO := $(ROOT)/kmod/proto/http_parse.c $(ROOT)/kmod/proto/known_headers.c

parser_bench: parser_bench.c parser_inputs.h $(PROTO) $(wildcard $(ROOT)/kmod/proto/*.h)
	$(CC) $(CFLAGS) -o $@ parser_bench.c $(PROTO) -lhttp_parser

# The flags, for the report parser.sh writes.
print-cflags:
	@echo $(CC) $(CFLAGS)

clean:
	rm -f parser_bench

.PHONY: print-cflags clean
