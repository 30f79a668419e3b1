/*
 * The int8 mat-mul kernels, written once and compiled once per instruction set: kernels.c includes this file under
 * a `#pragma GCC target` with ISA (the name suffix), DPBUSD (u8 x s8 -> int32 lanes of 4 products) and DPWSSD
 * (int16 pairs x int16 -> int32 lanes) defined for that set.
 *
 * Every kernel computes out[t * out_stride + r] = row r . token t for r < rows, t < tokens, from weight rows of
 * `row_bytes` bytes at w and activations quantized by the Java side (xq: int8 [tokens, cols]; xd: float per
 * activation block [tokens, cols / QX]; bsums: int16 per 16 values [tokens, cols / 16], K-quants only).
 *
 * Rounding is part of the contract: integer partial sums are exact, and the float accumulation order below is the
 * one the Java twin (NativeKernelsTest's reference) follows, so every instruction set gives the same bits.
 *   _0 types: per 32-value block b and lane j < 8 (values 4j..4j+3), acc[(b & 1) * 8 + j] =
 *             fma(dw * dx, (float) lane_j, acc[...]); result = tree sum (s_j = acc_j + acc_{j+8};
 *             t_j = s_j + s_{j+4}; u_j = t_j + t_{j+2}; u_0 + u_1).
 *   K types:  per 256-value super-block, exact int32 totals isum (and msum for the mins of Q4_K);
 *             acc = fma(dx * d, (float) isum, acc); accm = fma(dx * dmin, (float) msum, accm); result = acc - accm.
 * Tokens are taken four at a time so that each unpacked weight vector is reused across them.
 */

#define CAT_(a, b) a##_##b
#define CAT(a, b) CAT_(a, b)
#define FN(name) CAT(name, ISA)

static inline float FN(f16)(const uint8_t *p) {
    uint16_t h;
    memcpy(&h, p, 2);
    return _cvtsh_ss(h);
}

static inline __m256i FN(load32)(const void *p) {
    return _mm256_loadu_si256((const __m256i *) p);
}

static inline float FN(tree_sum)(__m256 even, __m256 odd) {
    __m256 s = _mm256_add_ps(even, odd);
    __m128 t = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    __m128 u = _mm_add_ps(t, _mm_movehl_ps(t, t));
    return _mm_cvtss_f32(_mm_add_ss(u, _mm_movehdup_ps(u)));
}

static inline int32_t FN(hsum_i32)(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

/* Signed weights of one 32-value block, as 32 int8 lanes in element order. */
static inline __m256i FN(unpack_q4_0)(const uint8_t *b) {
    __m128i q = _mm_loadu_si128((const __m128i *) (b + 2));
    __m256i n = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
    return _mm256_sub_epi8(n, _mm256_set1_epi8(8));
}

static inline __m256i FN(unpack_q5_0)(const uint8_t *b) {
    uint32_t qh;
    memcpy(&qh, b + 2, 4);
    __m128i q = _mm_loadu_si128((const __m128i *) (b + 6));
    __m256i n = _mm256_and_si256(_mm256_set_m128i(_mm_srli_epi16(q, 4), q), _mm256_set1_epi8(0x0F));
    /* byte j of `spread` is byte j / 8 of qh; testing bit j % 8 of it gives element j's fifth bit */
    __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int) qh),
            _mm256_set_epi64x(0x0303030303030303LL, 0x0202020202020202LL, 0x0101010101010101LL, 0));
    __m256i bit = _mm256_set1_epi64x((long long) 0x8040201008040201ULL);
    __m256i high = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit), _mm256_set1_epi8(0x10));
    return _mm256_sub_epi8(_mm256_or_si256(n, high), _mm256_set1_epi8(16));
}

static inline __m256i FN(unpack_q8_0)(const uint8_t *b) {
    return FN(load32)(b + 2);
}

/* One block of signed weights w (|w| <= 128) against tokens' int8 activations: the sign trick puts w's sign on x. */
#define DOT0_BLOCK(w, t, xblock, slot)                                                               \
    do {                                                                                               \
        __m256i lanes = DPBUSD(_mm256_setzero_si256(), aw, _mm256_sign_epi8(FN(load32)(xblock), w));   \
        acc[t][slot] = _mm256_fmadd_ps(_mm256_set1_ps(dw * xd[(t) * xblocks + b]),                     \
                                       _mm256_cvtepi32_ps(lanes), acc[t][slot]);                       \
    } while (0)

#define DEFINE_Q0(type, block_bytes)                                                                         \
    static inline void FN(rows_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,      \
                                       const int8_t *xq0, const float *xd0, int64_t nt, float *out0,         \
                                       int64_t out_stride) {                                                 \
        const int64_t blocks = cols / 32, xblocks = cols / 32;                                               \
        for (int64_t r = 0; r < rows; r++) {                                                                 \
            const uint8_t *row = w + r * row_bytes;                                                          \
            const int8_t *xq = xq0;                                                                          \
            const float *xd = xd0;                                                                           \
            __m256 acc[4][2];                                                                                \
            for (int t = 0; t < nt; t++) {                                                                   \
                acc[t][0] = acc[t][1] = _mm256_setzero_ps();                                                 \
            }                                                                                                \
            for (int64_t b = 0; b < blocks; b++) {                                                           \
                const uint8_t *blk = row + b * (block_bytes);                                                \
                __m256i wv = FN(unpack_##type)(blk);                                                         \
                __m256i aw = _mm256_sign_epi8(wv, wv);                                                       \
                float dw = FN(f16)(blk);                                                                     \
                int slot = (int) (b & 1);                                                                    \
                for (int t = 0; t < nt; t++) {                                                               \
                    DOT0_BLOCK(wv, t, xq + (int64_t) t * cols + b * 32, slot);                               \
                }                                                                                            \
            }                                                                                                \
            for (int t = 0; t < nt; t++) {                                                                   \
                out0[(int64_t) t * out_stride + r] = FN(tree_sum)(acc[t][0], acc[t][1]);                     \
            }                                                                                                \
        }                                                                                                    \
    }

DEFINE_Q0(q4_0, 18)
DEFINE_Q0(q5_0, 22)
DEFINE_Q0(q8_0, 34)

/* The 8 six-bit scales and mins of a Q4_K super-block (12 packed bytes), as in ggml's get_scale_min_k4. */
static inline void FN(q4k_scales)(const uint8_t *s, uint8_t sc[8], uint8_t m[8]) {
    for (int j = 0; j < 4; j++) {
        sc[j] = s[j] & 63;
        m[j] = s[j + 4] & 63;
        sc[j + 4] = (uint8_t) ((s[j + 8] & 0x0F) | ((s[j] >> 6) << 4));
        m[j + 4] = (uint8_t) ((s[j + 8] >> 4) | ((s[j + 4] >> 6) << 4));
    }
}

static inline void FN(rows_q4_k)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,
                                 const int8_t *xq, const float *xd, const int16_t *bsums, int64_t nt,
                                 float *out, int64_t out_stride) {
    const int64_t blocks = cols / 256;
    const __m256i low = _mm256_set1_epi8(0x0F);
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *row = w + r * row_bytes;
        float acc[4] = {0, 0, 0, 0}, accm[4] = {0, 0, 0, 0};
        for (int64_t b = 0; b < blocks; b++) {
            const uint8_t *blk = row + b * 144;
            float d = FN(f16)(blk), dmin = FN(f16)(blk + 2);
            uint8_t sc[8], m[8];
            FN(q4k_scales)(blk + 4, sc, m);
            __m256i isum[4];
            for (int t = 0; t < nt; t++) {
                isum[t] = _mm256_setzero_si256();
            }
            for (int c = 0; c < 4; c++) {
                __m256i q = FN(load32)(blk + 16 + 32 * c);
                __m256i lo = _mm256_and_si256(q, low);
                __m256i hi = _mm256_and_si256(_mm256_srli_epi16(q, 4), low);
                __m256i s0 = _mm256_set1_epi16(sc[2 * c]), s1 = _mm256_set1_epi16(sc[2 * c + 1]);
                for (int t = 0; t < nt; t++) {
                    const int8_t *x = xq + (int64_t) t * cols + b * 256 + 64 * c;
                    isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(lo, FN(load32)(x)), s0);
                    isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(hi, FN(load32)(x + 32)), s1);
                }
            }
            for (int t = 0; t < nt; t++) {
                const int16_t *bs = bsums + (int64_t) t * (cols / 16) + b * 16;
                int32_t msum = 0;
                for (int j = 0; j < 8; j++) {
                    msum += m[j] * (bs[2 * j] + bs[2 * j + 1]);
                }
                float dx = xd[(int64_t) t * blocks + b];
                acc[t] = fmaf(dx * d, (float) FN(hsum_i32)(isum[t]), acc[t]);
                accm[t] = fmaf(dx * dmin, (float) msum, accm[t]);
            }
        }
        for (int t = 0; t < nt; t++) {
            out[(int64_t) t * out_stride + r] = acc[t] - accm[t];
        }
    }
}

static inline void FN(rows_q6_k)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,
                                 const int8_t *xq, const float *xd, const int16_t *bsums, int64_t nt,
                                 float *out, int64_t out_stride) {
    const int64_t blocks = cols / 256;
    const __m256i low = _mm256_set1_epi8(0x0F), two = _mm256_set1_epi8(3);
    for (int64_t r = 0; r < rows; r++) {
        const uint8_t *row = w + r * row_bytes;
        float acc[4] = {0, 0, 0, 0};
        for (int64_t b = 0; b < blocks; b++) {
            const uint8_t *blk = row + b * 210;
            const int8_t *scales = (const int8_t *) (blk + 192);
            float d = FN(f16)(blk + 208);
            __m256i isum[4];
            for (int t = 0; t < nt; t++) {
                isum[t] = _mm256_setzero_si256();
            }
            for (int n = 0; n < 2; n++) {
                __m256i ql0 = FN(load32)(blk + 64 * n), ql1 = FN(load32)(blk + 64 * n + 32);
                __m256i qh = FN(load32)(blk + 128 + 32 * n);
                __m256i q[4];
                q[0] = _mm256_or_si256(_mm256_and_si256(ql0, low), _mm256_slli_epi16(_mm256_and_si256(qh, two), 4));
                q[1] = _mm256_or_si256(_mm256_and_si256(ql1, low),
                        _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 2), two), 4));
                q[2] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql0, 4), low),
                        _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 4), two), 4));
                q[3] = _mm256_or_si256(_mm256_and_si256(_mm256_srli_epi16(ql1, 4), low),
                        _mm256_slli_epi16(_mm256_and_si256(_mm256_srli_epi16(qh, 6), two), 4));
                for (int k = 0; k < 4; k++) {
                    int g = 8 * n + 2 * k; /* scale of values [16g, 16g + 16) and of the next 16 */
                    __m256i s = _mm256_set_m128i(_mm_set1_epi16(scales[g + 1]), _mm_set1_epi16(scales[g]));
                    for (int t = 0; t < nt; t++) {
                        const int8_t *x = xq + (int64_t) t * cols + b * 256 + 16 * g;
                        isum[t] = DPWSSD(isum[t], _mm256_maddubs_epi16(q[k], FN(load32)(x)), s);
                    }
                }
            }
            for (int t = 0; t < nt; t++) {
                const int16_t *bs = bsums + (int64_t) t * (cols / 16) + b * 16;
                int32_t offset = 0;
                for (int g = 0; g < 16; g++) {
                    offset += scales[g] * bs[g];
                }
                float dx = xd[(int64_t) t * blocks + b];
                acc[t] = fmaf(dx * d, (float) (FN(hsum_i32)(isum[t]) - 32 * offset), acc[t]);
            }
        }
        for (int t = 0; t < nt; t++) {
            out[(int64_t) t * out_stride + r] = acc[t];
        }
    }
}

/* The exported entry point of one instruction set: tokens in groups of up to four. */
void FN(jseek_matmul)(int32_t type, const uint8_t *w, int64_t w_offset, int64_t row_bytes, int64_t rows,
                      int64_t cols, const int8_t *xq, const float *xd, const int16_t *bsums, int64_t tokens,
                      float *out, int64_t out_offset, int64_t out_stride) {
    w += w_offset;
    out += out_offset;
    for (int64_t t0 = 0; t0 < tokens; t0 += 4) {
        int64_t nt = tokens - t0 < 4 ? tokens - t0 : 4;
        const int8_t *q = xq + t0 * cols;
        float *o = out + t0 * out_stride;
        switch (type) {
            case JSEEK_Q4_0: FN(rows_q4_0)(w, row_bytes, rows, cols, q, xd + t0 * (cols / 32), nt, o, out_stride); break;
            case JSEEK_Q5_0: FN(rows_q5_0)(w, row_bytes, rows, cols, q, xd + t0 * (cols / 32), nt, o, out_stride); break;
            case JSEEK_Q8_0: FN(rows_q8_0)(w, row_bytes, rows, cols, q, xd + t0 * (cols / 32), nt, o, out_stride); break;
            case JSEEK_Q4_K: FN(rows_q4_k)(w, row_bytes, rows, cols, q, xd + t0 * (cols / 256),
                                           bsums + t0 * (cols / 16), nt, o, out_stride); break;
            case JSEEK_Q6_K: FN(rows_q6_k)(w, row_bytes, rows, cols, q, xd + t0 * (cols / 256),
                                           bsums + t0 * (cols / 16), nt, o, out_stride); break;
            default: return;
        }
    }
}

#undef FN
