/*
 * jseek quantization-mix oracle: runs llama.cpp's own llama_model_quantize (libllama from node-llama-cpp, loaded
 * with dlopen) on a GGUF model and prints, for every tensor of the output in file order, its name, ggml type name
 * and the FNV-1a 64 hash of its data bytes, as one JSON object.
 *
 * Only public C API is used; the few declarations needed are written out here (llama.h / gguf.h of the llama.cpp
 * that node-llama-cpp 3.21.1 ships). The parameter struct is checked against its documented defaults at run time.
 *
 * usage: mix_oracle <bins dir> <in.gguf> <out.gguf> <llama_ftype>
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

struct quantize_params {            /* struct llama_model_quantize_params */
    int32_t nthread;
    int ftype;                      /* enum llama_ftype */
    int output_tensor_type;         /* enum ggml_type */
    int token_embedding_type;
    bool allow_requantize;
    bool quantize_output_tensor;
    bool only_copy;
    bool pure;
    bool keep_split;
    bool dry_run;
    const void *imatrix;
    const void *kv_overrides;
    const void *tt_overrides;
    const int32_t *prune_layers;
    size_t max_buf_size;
};

struct gguf_init_params { bool no_alloc; void **ctx; };

typedef struct quantize_params (*default_params_fn)(void);
typedef uint32_t (*quantize_fn)(const char *in, const char *out, const struct quantize_params *p);

static void *sym(void *lib, const char *name) {
    void *p = dlsym(lib, name);
    if (!p) { fprintf(stderr, "missing symbol %s: %s\n", name, dlerror()); exit(1); }
    return p;
}

static void *open_lib(const char *dir, const char *name) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    void *lib = dlopen(path, RTLD_NOW | RTLD_GLOBAL);
    if (!lib) { fprintf(stderr, "dlopen %s: %s\n", path, dlerror()); exit(1); }
    return lib;
}

int main(int argc, char **argv) {
    if (argc != 5) { fprintf(stderr, "usage: %s bins in.gguf out.gguf ftype\n", argv[0]); return 2; }
    void *base = open_lib(argv[1], "libggml-base.so");
    void *ggml = open_lib(argv[1], "libggml.v0.4.0.so");
    void *llama = open_lib(argv[1], "libllama.v0.4.0.so");
    ((void (*)(const char *))sym(ggml, "ggml_backend_load_all_from_path"))(argv[1]);
    ((void (*)(void))sym(llama, "llama_backend_init"))();

    struct quantize_params p = ((default_params_fn)sym(llama, "llama_model_quantize_default_params"))();
    /* defaults: Q8_0 (7), output and embedding types GGML_TYPE_COUNT (43), an 8 GiB buffer */
    if (p.nthread != 0 || p.ftype != 7 || p.output_tensor_type != 43 || p.token_embedding_type != 43 ||
        !p.quantize_output_tensor || p.allow_requantize || p.pure || p.dry_run || p.max_buf_size == 0) {
        fprintf(stderr, "llama_model_quantize_params layout mismatch (ftype %d, output type %d)\n", p.ftype,
                p.output_tensor_type);
        return 1;
    }
    p.ftype = atoi(argv[4]);
    p.nthread = 2;
    if (((quantize_fn)sym(llama, "llama_model_quantize"))(argv[2], argv[3], &p) != 0) {
        fprintf(stderr, "llama_model_quantize failed\n");
        return 1;
    }

    struct gguf_init_params gp = {true, NULL};
    void *ctx = ((void *(*)(const char *, struct gguf_init_params))sym(base, "gguf_init_from_file"))(argv[3], gp);
    if (!ctx) { fprintf(stderr, "cannot read %s\n", argv[3]); return 1; }
    int64_t n = ((int64_t (*)(void *))sym(base, "gguf_get_n_tensors"))(ctx);
    size_t data = ((size_t (*)(void *))sym(base, "gguf_get_data_offset"))(ctx);
    const char *(*name)(void *, int64_t) = sym(base, "gguf_get_tensor_name");
    int (*type)(void *, int64_t) = sym(base, "gguf_get_tensor_type");
    size_t (*offset)(void *, int64_t) = sym(base, "gguf_get_tensor_offset");
    size_t (*size)(void *, int64_t) = sym(base, "gguf_get_tensor_size");
    const char *(*type_name)(int) = sym(base, "ggml_type_name");
    FILE *f = fopen(argv[3], "rb");
    if (!f) { perror(argv[3]); return 1; }
    printf("{\n  \"ftype\": %d,\n  \"tensors\": [\n", p.ftype);
    for (int64_t i = 0; i < n; i++) {
        uint64_t h = 0xcbf29ce484222325ull;
        if (fseek(f, (long)(data + offset(ctx, i)), SEEK_SET) != 0) { perror("fseek"); return 1; }
        for (size_t k = 0; k < size(ctx, i); k++) {
            int c = fgetc(f);
            if (c == EOF) { fprintf(stderr, "short file\n"); return 1; }
            h = (h ^ (uint64_t)c) * 0x100000001b3ull;
        }
        printf("    {\"name\": \"%s\", \"type\": \"%s\", \"fnv1a64\": \"%016llx\"}%s\n", name(ctx, i),
               type_name(type(ctx, i)), (unsigned long long)h, i + 1 < n ? "," : "");
    }
    printf("  ]\n}\n");
    fclose(f);
    return 0;
}
