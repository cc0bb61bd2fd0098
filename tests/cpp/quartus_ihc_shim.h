// Intel HLS testbench API for a plain g++ build of an hls4ml Quartus testbench (force-include with -include).
#define ihc_hls_enqueue(ret, f, ...) (*(ret) = (f)(__VA_ARGS__))
#define ihc_hls_enqueue_noret(f, ...) ((*(f))(__VA_ARGS__))
#define ihc_hls_component_run_all(f) ((void)0)
