/*
 * The int8 mat-mul kernels, written once and compiled once per instruction set: kernels.c includes this file under
 * a `#pragma GCC target` with ISA (the name suffix), DPBUSD (u8 x s8 -> int32 lanes of 4 products) and DPWSSD
 * (int16 pairs x int16 -> int32 lanes) defined for that set.
 *
 * Every kernel computes out[t * out_stride + r] = row r . token t for r < rows, t < tokens, from weight rows of
 * `row_bytes` bytes at w and activations quantized by the Java side (xq: int8 [tokens, cols]; xd: float per
 * activation block [tokens, cols / QX]; xs: int16 sums of the activations per 32 values for _0 types, per 16 for
 * K-quants [tokens, cols / 32 or cols / 16]).
 *
 * Rounding is part of the contract: integer partial sums are exact, and the float accumulation order below is the
 * one the Java twin (Int8Twin in jseek-tensor's tests) follows, so every instruction set, every way of blocking rows
 * and tokens, and a token alone or in a batch give the same bits.
 *   _0 types: per 32-value block b, the exact int32 sum s_b and dd_b = dw_b * dx_b; blocks in pairs (2i, 2i + 1):
 *             acc = acc + fma(dd_2i+1, (float) s_2i+1, dd_2i * (float) s_2i), in pair order; an odd last block:
 *             acc = fma(dd, (float) s, acc). (A row's serial chain in decode then costs one add per two blocks
 *             instead of one 4-cycle FMA per block, near Q4_0's 4.5 cycles per block on Zen 4.)
 *   K types:  per 256-value super-block, exact int32 totals isum (and msum for the mins of Q4_K);
 *             acc = fma(dx * d, (float) isum, acc); accm = fma(dx * dmin, (float) msum, accm); result = acc - accm.
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

static inline int32_t FN(hsum128)(__m128i s) {
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

static inline int32_t FN(hsum_i32)(__m256i v) {
    return FN(hsum128)(_mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1)));
}

/*
 * _0 types. A weight block becomes 32 u8 lanes `u` (element order) with w = u - OFFSET: Q4_0 nibbles (8), Q5_0
 * five-bit values (16), Q8_0 bytes XOR 0x80 (128). DPBUSD(u, x) then sums exactly, and OFFSET * (sum of the block's
 * x, from the activations' block sums) is subtracted once per block. AVX2's maddubs would saturate on Q8_0's u
 * (up to 255): there Q8_0 keeps signed weights and the sign trick (|w| times x with w's sign), OFFSET 0.
 */
static inline __m256i FN(nibbles)(const uint8_t *qs) {
    /* the 16 bytes in both halves straight from memory, the upper half shifted: two ALU operations */
    __m256i q = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *) qs));
    return _mm256_and_si256(_mm256_srlv_epi64(q, _mm256_set_epi64x(4, 4, 0, 0)), _mm256_set1_epi8(0x0F));
}

static inline __m256i FN(u_q4_0)(const uint8_t *b) {
    return FN(nibbles)(b + 2);
}

static inline __m256i FN(u_q5_0)(const uint8_t *b) {
    uint32_t qh;
    memcpy(&qh, b + 2, 4);
    /* byte j of `spread` is byte j / 8 of qh; testing bit j % 8 of it gives element j's fifth bit */
    __m256i spread = _mm256_shuffle_epi8(_mm256_set1_epi32((int) qh),
            _mm256_set_epi64x(0x0303030303030303LL, 0x0202020202020202LL, 0x0101010101010101LL, 0));
    __m256i bit = _mm256_set1_epi64x((long long) 0x8040201008040201ULL);
    __m256i high = _mm256_and_si256(_mm256_cmpeq_epi8(_mm256_and_si256(spread, bit), bit), _mm256_set1_epi8(0x10));
    return _mm256_or_si256(FN(nibbles)(b + 6), high);
}

#define OFFSET_q4_0 8
#define OFFSET_q5_0 16
#define DOTACC_q4_0(acc, u, x) DPBUSD(acc, u, x)
#define DOTACC_q5_0(acc, u, x) DPBUSD(acc, u, x)
#ifdef Q8_0_SIGNED
#define OFFSET_q8_0 0
static inline __m256i FN(u_q8_0)(const uint8_t *b) {
    return FN(load32)(b + 2);
}
#define DOTACC_q8_0(acc, u, x) DPBUSD(acc, _mm256_sign_epi8(u, u), _mm256_sign_epi8(x, u))
#else
#define OFFSET_q8_0 128
static inline __m256i FN(u_q8_0)(const uint8_t *b) {
    return _mm256_xor_si256(FN(load32)(b + 2), _mm256_set1_epi8((char) 0x80));
}
#define DOTACC_q8_0(acc, u, x) DPBUSD(acc, u, x)
#endif

/* Lane r of the result: the sum of the 8 lanes of l[r] (exact). */
static inline __m256i FN(reduce8)(const __m256i l[8]) {
    __m256i ab = _mm256_hadd_epi32(_mm256_hadd_epi32(l[0], l[1]), _mm256_hadd_epi32(l[2], l[3]));
    __m256i cd = _mm256_hadd_epi32(_mm256_hadd_epi32(l[4], l[5]), _mm256_hadd_epi32(l[6], l[7]));
    return _mm256_add_epi32(_mm256_permute2x128_si256(ab, cd, 0x20), _mm256_permute2x128_si256(ab, cd, 0x31));
}

/* 8x8 transpose of 32-bit lanes: afterwards r[g] lane i holds what r[i] lane g held. */
static inline void FN(transpose8)(__m256i r[8]) {
    __m256i t0 = _mm256_unpacklo_epi32(r[0], r[1]), t1 = _mm256_unpackhi_epi32(r[0], r[1]);
    __m256i t2 = _mm256_unpacklo_epi32(r[2], r[3]), t3 = _mm256_unpackhi_epi32(r[2], r[3]);
    __m256i t4 = _mm256_unpacklo_epi32(r[4], r[5]), t5 = _mm256_unpackhi_epi32(r[4], r[5]);
    __m256i t6 = _mm256_unpacklo_epi32(r[6], r[7]), t7 = _mm256_unpackhi_epi32(r[6], r[7]);
    __m256i s0 = _mm256_unpacklo_epi64(t0, t2), s1 = _mm256_unpackhi_epi64(t0, t2);
    __m256i s2 = _mm256_unpacklo_epi64(t1, t3), s3 = _mm256_unpackhi_epi64(t1, t3);
    __m256i s4 = _mm256_unpacklo_epi64(t4, t6), s5 = _mm256_unpackhi_epi64(t4, t6);
    __m256i s6 = _mm256_unpacklo_epi64(t5, t7), s7 = _mm256_unpackhi_epi64(t5, t7);
    r[0] = _mm256_permute2x128_si256(s0, s4, 0x20);
    r[1] = _mm256_permute2x128_si256(s1, s5, 0x20);
    r[2] = _mm256_permute2x128_si256(s2, s6, 0x20);
    r[3] = _mm256_permute2x128_si256(s3, s7, 0x20);
    r[4] = _mm256_permute2x128_si256(s0, s4, 0x31);
    r[5] = _mm256_permute2x128_si256(s1, s5, 0x31);
    r[6] = _mm256_permute2x128_si256(s2, s6, 0x31);
    r[7] = _mm256_permute2x128_si256(s3, s7, 0x31);
}

static inline uint16_t FN(u16)(const uint8_t *p) {
    uint16_t v;
    memcpy(&v, p, 2);
    return v;
}

/* The f16 scales at byte `off` of 8 rows, as floats. */
static inline __m256 FN(scales8)(const uint8_t *const row[8], int64_t off) {
    return _mm256_cvtph_ps(_mm_setr_epi16((short) FN(u16)(row[0] + off), (short) FN(u16)(row[1] + off),
            (short) FN(u16)(row[2] + off), (short) FN(u16)(row[3] + off), (short) FN(u16)(row[4] + off),
            (short) FN(u16)(row[5] + off), (short) FN(u16)(row[6] + off), (short) FN(u16)(row[7] + off)));
}

/*
 * The f16 scales of 8 consecutive blocks of block_bytes at `run` (at[k] = run + k * block_bytes). With AVX-512 and
 * the 8 scales within the first 128 bytes (Q4_0: 18-byte blocks), two loads and one word permutation replace 8
 * scalar loads and 7 inserts.
 */
static inline __m256 FN(scales8_run)(const uint8_t *const at[8], const uint8_t *run, int64_t block_bytes) {
#ifdef TILE16
    if (block_bytes % 2 == 0 && 7 * block_bytes + 2 <= 128) {
        const int64_t wb = block_bytes / 2;
        __m512i idx = _mm512_castsi128_si512(_mm_setr_epi16(0, (short) wb, (short) (2 * wb), (short) (3 * wb),
                (short) (4 * wb), (short) (5 * wb), (short) (6 * wb), (short) (7 * wb)));
        __m512i h = _mm512_permutex2var_epi16(_mm512_loadu_si512(run), idx, _mm512_loadu_si512(run + 64));
        return _mm256_cvtph_ps(_mm512_castsi512_si128(h));
    }
#else
    (void) run;
    (void) block_bytes;
#endif
    return FN(scales8)(at, 0);
}

/* Rows r0..r0+7 (the last valid row repeated past `rows`, so every lane computes something valid). */
static inline void FN(rows8)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t r0, const uint8_t *row[8]) {
    for (int i = 0; i < 8; i++) {
        row[i] = w + (r0 + i < rows ? r0 + i : rows - 1) * row_bytes;
    }
}

static inline void FN(store8)(float *out, __m256 v, int64_t valid) {
    if (valid >= 8) {
        _mm256_storeu_ps(out, v);
    } else {
        float tmp[8];
        _mm256_storeu_ps(tmp, v);
        memcpy(out, tmp, (size_t) valid * sizeof(float));
    }
}

/* One block of the contract's pairwise order, for one (row, token): `pend` holds the first block of a pair. */
static inline void FN(pair_step)(float dd, float s, int64_t b, int64_t blocks, float *pend, float *acc) {
    if (b % 2 == 1) {
        *acc = *acc + fmaf(dd, s, *pend);
    } else if (b + 1 < blocks) {
        *pend = dd * s;
    } else {
        *acc = fmaf(dd, s, *acc);
    }
}

/* The same for the lanes of 8 rows. */
static inline __m256 FN(pair_step8)(__m256 dd, __m256 s, int64_t b, int64_t blocks, __m256 *pend, __m256 acc) {
    if (b % 2 == 1) {
        return _mm256_add_ps(acc, _mm256_fmadd_ps(dd, s, *pend));
    }
    if (b + 1 < blocks) {
        *pend = _mm256_mul_ps(dd, s);
        return acc;
    }
    return _mm256_fmadd_ps(dd, s, acc);
}

/* The result lanes of one block for 8 rows and one token: exact block sums, then the pairwise step. */
#define BLOCK_FMA(type, sum, t, b, acc, pend)                                                                \
    do {                                                                                                     \
        __m256i s_ = (sum);                                                                                  \
        if (OFFSET_##type) {                                                                                 \
            s_ = _mm256_sub_epi32(s_, _mm256_set1_epi32(OFFSET_##type * xs[(int64_t) (t) * blocks + (b)]));  \
        }                                                                                                    \
        acc = FN(pair_step8)(_mm256_mul_ps(dw, _mm256_set1_ps(xd[(int64_t) (t) * blocks + (b)])),            \
                             _mm256_cvtepi32_ps(s_), (b), blocks, &(pend), acc);                             \
    } while (0)

/*
 * Few tokens (decode): row after row in memory order, 8 blocks of a row against each token, their lanes reduced at
 * once. Many tokens (prefill, batches): 8 rows' blocks are transposed once (lane i = 4 values of row i) into `pack`,
 * then each token's 4-value groups are broadcast against them, 4 tokens at a time; up to TILE_T tokens share a pack.
 * Both give every (row, token) the same bits.
 */
/* 4 activation bytes broadcast to every lane, straight from memory (a load-port broadcast, no ALU work). */
#define BCAST4(p) _mm256_castps_si256(_mm256_broadcast_ss(p))

/*
 * The entry of one type: 1-3 tokens to few_TYPE, 4 and more to many_TYPE in a multiple of 4, the rest to few_TYPE
 * (a (row, token) result does not depend on which). QD and QS: activation values per scale and per sum.
 */
#define DEFINE_ROWS(type, QD, QS)                                                                            \
    static void FN(rows_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,             \
                                const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,        \
                                float *out, int64_t out_stride) {                                            \
        switch (tokens) {                                                                                    \
            case 0: break;                                                                                   \
            case 1: FN(few_##type)(w, row_bytes, rows, cols, xq, xd, xs, 1, out, out_stride); break;         \
            case 2: FN(few_##type)(w, row_bytes, rows, cols, xq, xd, xs, 2, out, out_stride); break;         \
            case 3: FN(few_##type)(w, row_bytes, rows, cols, xq, xd, xs, 3, out, out_stride); break;         \
            default: {                                                                                       \
                int64_t many = tokens / 4 * 4;                                                               \
                FN(many_##type)(w, row_bytes, rows, cols, xq, xd, xs, many, out, out_stride);                \
                FN(rows_##type)(w, row_bytes, rows, cols, xq + many * cols, xd + many * (cols / (QD)),       \
                                xs + many * (cols / (QS)), tokens - many, out + many * out_stride, out_stride);\
            }                                                                                                \
        }                                                                                                    \
    }

/* Token t0 + j of a group of four against the 8 packed rows p0..p7 of block b. */
#define GROUP_TOKEN(type, j, acc, pend)                                                                      \
    do {                                                                                                     \
        const float *g = (const float *) (xq + (t0 + (j)) * cols + b * 32);                                  \
        __m256i s0 = DOTACC_##type(_mm256_setzero_si256(), p0, BCAST4(g));                                   \
        __m256i s1 = DOTACC_##type(_mm256_setzero_si256(), p1, BCAST4(g + 1));                               \
        s0 = DOTACC_##type(s0, p2, BCAST4(g + 2));                                                           \
        s1 = DOTACC_##type(s1, p3, BCAST4(g + 3));                                                           \
        s0 = DOTACC_##type(s0, p4, BCAST4(g + 4));                                                           \
        s1 = DOTACC_##type(s1, p5, BCAST4(g + 5));                                                           \
        s0 = DOTACC_##type(s0, p6, BCAST4(g + 6));                                                           \
        s1 = DOTACC_##type(s1, p7, BCAST4(g + 7));                                                           \
        BLOCK_FMA(type, _mm256_add_epi32(s0, s1), t0 + (j), b, acc, pend);                                   \
    } while (0)

/*
 * Decode: one row against 1-3 tokens, one row after the other, with no software prefetch, so that the hardware
 * prefetchers see one forward stream. Two rows interleaved (two FMA chains) with prefetches 2 KB ahead read Q8_0 at
 * 9.7-10.4 GB/s from DRAM on Zen 4 (one thread); this reads 16.7-17.9 (a plain stream: 19-24).
 */
#define TILE_B 64 /* even: block pairs never straddle tiles */
#define TILE_T 64
#define DEFINE_Q0(type, block_bytes)                                                                         \
    static inline __attribute__((always_inline)) void FN(rowsweep_##type)(                                   \
            const uint8_t *row, int64_t cols, const int8_t *xq, const float *xd, const int16_t *xs,           \
            const int nt, float *out, int64_t out_stride, int64_t r) {                                       \
        const int64_t blocks = cols / 32;                                                                    \
        float acc[3] = {0, 0, 0}, pend[3] = {0, 0, 0};                                                       \
        int64_t b = 0;                                                                                       \
        for (; b + 8 <= blocks; b += 8) {                                                                    \
            const uint8_t *at[8];                                                                            \
            __m256i u[8], l[8];                                                                              \
            for (int k = 0; k < 8; k++) {                                                                    \
                at[k] = row + (b + k) * (block_bytes);                                                       \
                u[k] = FN(u_##type)(at[k]);                                                                  \
            }                                                                                                \
            __m256 dw = FN(scales8_run)(at, row + b * (block_bytes), block_bytes);                           \
            for (int t = 0; t < nt; t++) {                                                                   \
                const int8_t *x = xq + (int64_t) t * cols + b * 32;                                          \
                for (int k = 0; k < 8; k++) {                                                                \
                    l[k] = DOTACC_##type(_mm256_setzero_si256(), u[k], FN(load32)(x + 32 * k));              \
                }                                                                                            \
                __m256i sums = FN(reduce8)(l);                                                               \
                if (OFFSET_##type) {                                                                         \
                    __m256i xsum = _mm256_cvtepi16_epi32(                                                    \
                            _mm_loadu_si128((const __m128i *) (xs + (int64_t) t * blocks + b)));             \
                    sums = _mm256_sub_epi32(sums, _mm256_mullo_epi32(xsum, _mm256_set1_epi32(OFFSET_##type)));\
                }                                                                                            \
                float s[8], d[8];                                                                            \
                _mm256_storeu_ps(s, _mm256_cvtepi32_ps(sums));                                               \
                _mm256_storeu_ps(d, _mm256_mul_ps(dw, _mm256_loadu_ps(xd + (int64_t) t * blocks + b)));      \
                for (int k = 0; k < 8; k += 2) {                                                             \
                    acc[t] = acc[t] + fmaf(d[k + 1], s[k + 1], d[k] * s[k]);                                 \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
        for (; b < blocks; b++) {                                                                            \
            const uint8_t *blk = row + b * (block_bytes);                                                    \
            __m256i u = FN(u_##type)(blk);                                                                   \
            float dw = FN(f16)(blk);                                                                         \
            for (int t = 0; t < nt; t++) {                                                                   \
                __m256i l = DOTACC_##type(_mm256_setzero_si256(), u,                                         \
                                          FN(load32)(xq + (int64_t) t * cols + b * 32));                     \
                int32_t sum = FN(hsum_i32)(l) - OFFSET_##type * xs[(int64_t) t * blocks + b];                \
                FN(pair_step)(dw * xd[(int64_t) t * blocks + b], (float) sum, b, blocks, &pend[t], &acc[t]);  \
            }                                                                                                \
        }                                                                                                    \
        for (int t = 0; t < nt; t++) {                                                                       \
            out[(int64_t) t * out_stride + r] = acc[t];                                                      \
        }                                                                                                    \
    }                                                                                                        \
    static inline __attribute__((always_inline)) void FN(few_##type)(                                        \
            const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols, const int8_t *xq, const float *xd,\
            const int16_t *xs, const int nt, float *out, int64_t out_stride) {                               \
        for (int64_t r = 0; r < rows; r++) {                                                                 \
            FN(rowsweep_##type)(w + r * row_bytes, cols, xq, xd, xs, nt, out, out_stride, r);                \
        }                                                                                                    \
    }

/* The many-token kernel of 8 rows per ymm register (the AVX2 set). */
#define DEFINE_MANY8(type, block_bytes)                                                                      \
    static inline __attribute__((always_inline)) void FN(group4_##type)(                                     \
            const __m256i (*pack)[8], const __m256 *scale, int64_t c0, int64_t nb, int64_t cols,             \
            const int8_t *xq, const float *xd, const int16_t *xs, int64_t t0, __m256 *accs) {                \
        const int64_t blocks = cols / 32;                                                                    \
        __m256 acc0 = accs[0], acc1 = accs[1], acc2 = accs[2], acc3 = accs[3];                               \
        __m256 pend0 = _mm256_setzero_ps(), pend1 = pend0, pend2 = pend0, pend3 = pend0;                     \
        for (int64_t k = 0; k < nb; k++) {                                                                   \
            const int64_t b = c0 + k;                                                                        \
            const __m256 dw = scale[k];                                                                      \
            __m256i p0 = pack[k][0], p1 = pack[k][1], p2 = pack[k][2], p3 = pack[k][3];                      \
            __m256i p4 = pack[k][4], p5 = pack[k][5], p6 = pack[k][6], p7 = pack[k][7];                      \
            GROUP_TOKEN(type, 0, acc0, pend0);                                                             \
            GROUP_TOKEN(type, 1, acc1, pend1);                                                             \
            GROUP_TOKEN(type, 2, acc2, pend2);                                                             \
            GROUP_TOKEN(type, 3, acc3, pend3);                                                             \
        }                                                                                                    \
        accs[0] = acc0;                                                                                      \
        accs[1] = acc1;                                                                                      \
        accs[2] = acc2;                                                                                      \
        accs[3] = acc3;                                                                                      \
    }                                                                                                        \
    /* tokens: a multiple of 4 */                                                                            \
    static void FN(many_##type)(const uint8_t *w, int64_t row_bytes, int64_t rows, int64_t cols,             \
                                const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,        \
                                float *out, int64_t out_stride) {                                            \
        const int64_t blocks = cols / 32;                                                                    \
        __m256i pack[TILE_B][8];                                                                             \
        __m256 scale[TILE_B];                                                                                \
        __m256 accs[TILE_T];                                                                                 \
        for (int64_t r0 = 0; r0 < rows; r0 += 8) {                                                           \
            const uint8_t *row[8];                                                                           \
            FN(rows8)(w, row_bytes, rows, r0, row);                                                          \
            for (int64_t t0 = 0; t0 < tokens; t0 += TILE_T) {                                                \
                int64_t nt = tokens - t0 < TILE_T ? tokens - t0 : TILE_T;                                    \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    accs[t] = _mm256_setzero_ps();                                                           \
                }                                                                                            \
                for (int64_t c0 = 0; c0 < blocks; c0 += TILE_B) {                                            \
                    int64_t nb = blocks - c0 < TILE_B ? blocks - c0 : TILE_B;                                \
                    for (int64_t k = 0; k < nb; k++) {                                                       \
                        for (int i = 0; i < 8; i++) {                                                        \
                            pack[k][i] = FN(u_##type)(row[i] + (c0 + k) * (block_bytes));                    \
                        }                                                                                    \
                        FN(transpose8)(pack[k]);                                                             \
                        scale[k] = FN(scales8)(row, (c0 + k) * (block_bytes));                               \
                    }                                                                                        \
                    for (int64_t t = 0; t < nt; t += 4) {                                                    \
                        FN(group4_##type)((const __m256i (*)[8]) pack, scale, c0, nb, cols, xq, xd, xs,      \
                                          t0 + t, accs + t);                                                 \
                    }                                                                                        \
                }                                                                                            \
                for (int64_t t = 0; t < nt; t++) {                                                           \
                    FN(store8)(out + (t0 + t) * out_stride + r0, accs[t], rows - r0);                        \
                }                                                                                            \
            }                                                                                                \
        }                                                                                                    \
    }                                                                                                        \

#ifdef TILE16
#include "tile16_body.h"
#define DEFINE_MANY DEFINE_MANY16
#else
#define DEFINE_MANY DEFINE_MANY8
#endif

DEFINE_Q0(q4_0, 18)
DEFINE_MANY(q4_0, 18)
DEFINE_ROWS(q4_0, 32, 32)
DEFINE_Q0(q5_0, 22)
DEFINE_MANY(q5_0, 22)
DEFINE_ROWS(q5_0, 32, 32)
DEFINE_Q0(q8_0, 34)
DEFINE_MANY(q8_0, 34)
DEFINE_ROWS(q8_0, 32, 32)

#include "kquants_body.h"

/* The exported entry point of one instruction set. */
void FN(jseek_matmul)(int32_t type, const uint8_t *w, int64_t w_offset, int64_t row_bytes, int64_t rows,
                      int64_t cols, const int8_t *xq, const float *xd, const int16_t *xs, int64_t tokens,
                      float *out, int64_t out_offset, int64_t out_stride) {
    w += w_offset;
    out += out_offset;
    switch (type) {
        case JSEEK_Q4_0: FN(rows_q4_0)(w, row_bytes, rows, cols, xq, xd, xs, tokens, out, out_stride); break;
        case JSEEK_Q5_0: FN(rows_q5_0)(w, row_bytes, rows, cols, xq, xd, xs, tokens, out, out_stride); break;
        case JSEEK_Q8_0: FN(rows_q8_0)(w, row_bytes, rows, cols, xq, xd, xs, tokens, out, out_stride); break;
        case JSEEK_Q4_K: FN(rows_q4_k)(w, row_bytes, rows, cols, xq, xd, xs, tokens, out, out_stride); break;
        case JSEEK_Q6_K: FN(rows_q6_k)(w, row_bytes, rows, cols, xq, xd, xs, tokens, out, out_stride); break;
        default: break;
    }
}

#undef FN
#undef OFFSET_q4_0
#undef OFFSET_q5_0
#undef OFFSET_q8_0
#undef DOTACC_q4_0
#undef DOTACC_q5_0
#undef DOTACC_q8_0
#undef BLOCK_FMA
#undef GROUP_TOKEN
#undef BCAST4
#undef DEFINE_Q0
#undef DEFINE_MANY8
#undef DEFINE_MANY
#ifdef TILE16
#undef DEFINE_MANY16
#undef T16_T
#undef T16_B
#undef T16_G
#endif
#undef DEFINE_ROWS
#undef TILE_B
#undef TILE_T
