/*
 * jseek quantization oracle: asks llama.cpp's prebuilt ggml libraries (loaded with dlopen) to quantize,
 * dequantize and dot deterministic data, and writes the results as golden files for jseek-tensor's tests.
 *
 * Only ggml's public C API is used; the few declarations needed are written out here (ggml.h / ggml-cpu.h of the
 * ggml shipped with node-llama-cpp 3.21.1). The struct layouts are checked at run time against known block sizes.
 *
 * usage: quant_oracle <libggml-base.so> <libggml-cpu-*.so> <output dir>
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

typedef void (*to_float_fn)(const void *x, float *y, int64_t k);
typedef void (*from_float_fn)(const float *x, void *y, int64_t k);
typedef void (*vec_dot_fn)(int n, float *s, size_t bs, const void *x, size_t bx, const void *y, size_t by, int nrc);

struct type_traits {            /* struct ggml_type_traits */
    const char *type_name;
    int64_t blck_size;
    int64_t blck_size_interleave;
    size_t type_size;
    bool is_quantized;
    to_float_fn to_float;
    from_float_fn from_float_ref;
};

struct type_traits_cpu {        /* struct ggml_type_traits_cpu */
    from_float_fn from_float;
    vec_dot_fn vec_dot;
    int vec_dot_type;           /* enum ggml_type */
    int64_t nrows;
};

typedef const struct type_traits *(*get_traits_fn)(int type);
typedef const struct type_traits_cpu *(*get_traits_cpu_fn)(int type);
typedef size_t (*quantize_chunk_fn)(int type, const float *src, void *dst, int64_t start, int64_t nrows,
                                    int64_t n_per_row, const float *imatrix);
typedef void (*cpu_init_fn)(void);

#define ROWS 4
#define N 512

static const struct { int id; const char *name; int64_t blck; size_t size; } TYPES[] = {
    {0, "F32", 1, 4}, {1, "F16", 1, 2}, {30, "BF16", 1, 2}, {8, "Q8_0", 32, 34}, {2, "Q4_0", 32, 18},
    {3, "Q4_1", 32, 20}, {6, "Q5_0", 32, 22}, {7, "Q5_1", 32, 24}, {10, "Q2_K", 256, 84}, {11, "Q3_K", 256, 110},
    {12, "Q4_K", 256, 144}, {13, "Q5_K", 256, 176}, {14, "Q6_K", 256, 210},
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;

static float uniform(void) { /* xorshift64*, 24 random bits in [-1, 1) */
    rng ^= rng >> 12; rng ^= rng << 25; rng ^= rng >> 27;
    return (float)((rng * 0x2545F4914F6CDD1Dull) >> 40) / 8388608.0f - 1.0f;
}

/* Rows with different regimes: plain, weight-like with outliers, zero and tiny (f16-subnormal) blocks, large. */
static void make_input(float *w, float *x) {
    for (int i = 0; i < N; i++) w[i] = uniform();
    for (int i = 0; i < N; i++) {
        float g = (uniform() + uniform() + uniform() + uniform()) * 0.02f;
        w[N + i] = (i % 97 == 5) ? g * 40.0f : g;
    }
    for (int i = 0; i < N; i++) {
        float u = uniform();
        w[2 * N + i] = i < 256 ? 0.0f : i < 384 ? u * 3e-6f : -fabsf(u) - 0.25f;
    }
    for (int i = 0; i < N; i++) w[3 * N + i] = floorf(uniform() * 200.0f) * 0.5f;
    for (int i = 0; i < N; i++) x[i] = uniform() * 2.0f + ((i % 64 == 3) ? 4.0f : 0.0f);
}

static void write_file(const char *dir, const char *name, const void *p, size_t n) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(p, 1, n, f) != n) { perror(path); exit(1); }
    fclose(f);
}

static void *sym(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p) { fprintf(stderr, "missing symbol %s: %s\n", name, dlerror()); exit(1); }
    return p;
}

int main(int argc, char **argv) {
    if (argc != 4) { fprintf(stderr, "usage: %s libggml-base.so libggml-cpu.so outdir\n", argv[0]); return 2; }
    void *base = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
    void *cpu = base ? dlopen(argv[2], RTLD_NOW | RTLD_GLOBAL) : NULL;
    if (!cpu) { fprintf(stderr, "dlopen: %s\n", dlerror()); return 1; }
    get_traits_fn traits = (get_traits_fn)sym(base, "ggml_get_type_traits");
    quantize_chunk_fn quantize = (quantize_chunk_fn)sym(base, "ggml_quantize_chunk");
    get_traits_cpu_fn traits_cpu = (get_traits_cpu_fn)sym(cpu, "ggml_get_type_traits_cpu");
    ((cpu_init_fn)sym(cpu, "ggml_cpu_init"))();

    static float w[ROWS * N], x[N], deq[ROWS * N], dots[ROWS];
    static unsigned char q[ROWS * N * 4], xq[N * 4];
    make_input(w, x);
    write_file(argv[3], "input.bin", w, sizeof w);
    write_file(argv[3], "x.bin", x, sizeof x);

    char name[256];
    FILE *index = NULL;
    snprintf(name, sizeof name, "%s/index.json", argv[3]);
    index = fopen(name, "w");
    fprintf(index, "{\n  \"generator\": \"tools/oracle/quant/regen.sh (ggml from node-llama-cpp 3.21.1)\",\n  \"rows\": %d,\n  \"cols\": %d,\n  \"cpuLibrary\": \"%s\",\n  \"types\": [\n",
            ROWS, N, strrchr(argv[2], '/') ? strrchr(argv[2], '/') + 1 : argv[2]);
    size_t ntypes = sizeof TYPES / sizeof TYPES[0];
    for (size_t t = 0; t < ntypes; t++) {
        const struct type_traits *tt = traits(TYPES[t].id);
        if (tt->blck_size != TYPES[t].blck || tt->type_size != TYPES[t].size) {
            fprintf(stderr, "ABI mismatch for %s: blck %lld size %zu\n", TYPES[t].name,
                    (long long)tt->blck_size, tt->type_size);
            return 1;
        }
        size_t row_bytes = (size_t)(N / TYPES[t].blck) * TYPES[t].size;
        size_t bytes = quantize(TYPES[t].id, w, q, 0, ROWS, N, NULL);
        if (bytes != ROWS * row_bytes) { fprintf(stderr, "%s: quantized %zu bytes\n", TYPES[t].name, bytes); return 1; }
        for (int r = 0; r < ROWS; r++) {
            if (tt->to_float) tt->to_float(q + r * row_bytes, deq + r * N, N);
            else memcpy(deq + r * N, q + r * row_bytes, N * sizeof(float));
        }
        const struct type_traits_cpu *ct = traits_cpu(TYPES[t].id);
        int vt = ct->vec_dot_type;
        const struct type_traits_cpu *vct = traits_cpu(vt);
        size_t xq_bytes = (size_t)(N / traits(vt)->blck_size) * traits(vt)->type_size;
        if (vct->from_float) vct->from_float(x, xq, N);
        else memcpy(xq, x, N * sizeof(float));
        for (int r = 0; r < ROWS; r++) ct->vec_dot(N, &dots[r], 0, q + r * row_bytes, 0, xq, 0, 1);

        snprintf(name, sizeof name, "%s.q.bin", TYPES[t].name);
        write_file(argv[3], name, q, bytes);
        snprintf(name, sizeof name, "%s.deq.bin", TYPES[t].name);
        write_file(argv[3], name, deq, sizeof deq);
        snprintf(name, sizeof name, "%s.dot.bin", TYPES[t].name);
        write_file(argv[3], name, dots, sizeof dots);
        snprintf(name, sizeof name, "%s.xq.bin", TYPES[t].name);
        write_file(argv[3], name, xq, xq_bytes);
        fprintf(index, "    {\"name\": \"%s\", \"id\": %d, \"vecDotType\": \"%s\"}%s\n", TYPES[t].name,
                TYPES[t].id, traits(vt)->type_name, t + 1 < ntypes ? "," : "");
    }
    fprintf(index, "  ]\n}\n");
    fclose(index);
    return 0;
}
