package io.jseek.convert;

import io.jseek.convert.safetensors.Checkpoint;
import io.jseek.convert.safetensors.Dtype;
import io.jseek.convert.safetensors.SafeTensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides every output tensor before a byte is written: maps names, pairs FP8 weights with their block scales, checks
 * dtypes and shapes, permutes llama's q/k, stacks experts and splits kv_b (../shared/docs/hf-checkpoints.md §0, §3).
 * Anything that cannot be converted fails here, so the writer never stops half-way.
 */
final class TensorPlanner {
    private static final Pattern LAYER = Pattern.compile("model\\.layers\\.(\\d+)\\.(.+)");
    private static final Pattern EXPERT = Pattern.compile("mlp\\.experts\\.(\\d+)\\.(gate|up|down)_proj\\.weight");
    private static final String SCALE = "_scale_inv";

    private final Checkpoint checkpoint;
    private final ModelShape shape;
    private final boolean keepMtp;
    private final List<OutputTensor> out = new ArrayList<>();
    private final Map<String, RowSource[]> experts = new LinkedHashMap<>();

    private TensorPlanner(Checkpoint checkpoint, ModelShape shape, boolean keepMtp) {
        this.checkpoint = checkpoint;
        this.shape = shape;
        this.keepMtp = keepMtp;
    }

    /** The output tensors, in checkpoint order (stacked experts where a layer's last expert appears). */
    static List<OutputTensor> plan(Checkpoint checkpoint, ModelShape shape, boolean keepMtp) throws ConvertException {
        TensorPlanner p = new TensorPlanner(checkpoint, shape, keepMtp);
        for (SafeTensor t : checkpoint.tensors().values()) {
            p.add(t);
        }
        if (!p.experts.isEmpty()) {
            String key = p.experts.keySet().iterator().next();
            throw new ConvertException("checkpoint: incomplete experts for " + key + " (expected "
                    + shape.experts() + ")");
        }
        return p.out;
    }

    private void add(SafeTensor t) throws ConvertException {
        String name = t.name();
        if (name.endsWith(SCALE) || name.endsWith(".rotary_emb.inv_freq")) {
            if (name.endsWith(SCALE) && !checkpoint.tensors().containsKey(name.substring(0, name.length() - 10))) {
                throw new ConvertException(t.file() + ": scale '" + name + "' has no weight");
            }
            return;
        }
        if (TensorNames.global(name).isPresent()) {
            emit(TensorNames.global(name).get(), t);
            return;
        }
        Matcher m = LAYER.matcher(name);
        if (!m.matches()) {
            throw unmapped(t);
        }
        int layer = Integer.parseInt(m.group(1));
        String suffix = m.group(2);
        boolean mtp = shape.arch() == HfArchitecture.DEEPSEEK2 && layer >= shape.layers();
        if (mtp && !keepMtp) {
            return;
        }
        String prefix = "blk." + layer + ".";
        Matcher e = EXPERT.matcher(suffix);
        if (shape.arch() == HfArchitecture.DEEPSEEK2 && e.matches()) {
            expert(t, prefix, Integer.parseInt(e.group(1)), e.group(2));
        } else if (shape.arch() == HfArchitecture.DEEPSEEK2 && suffix.equals("self_attn.kv_b_proj.weight")) {
            splitKvB(t, prefix);
        } else {
            String gguf = TensorNames.layer(shape.arch(), suffix, mtp).orElseThrow(() -> unmapped(t));
            emit(prefix + gguf, t);
        }
    }

    private ConvertException unmapped(SafeTensor t) {
        return new ConvertException(t.file() + ": tensor '" + t.name() + "' has no GGUF name for architecture "
                + shape.arch().ggufName());
    }

    private void emit(String name, SafeTensor t) throws ConvertException {
        RowSource rows = rows(t);
        long[] ne = reversed(t.shape());
        if (shape.arch() == HfArchitecture.LLAMA && (name.endsWith("attn_q.weight") || name.endsWith("attn_q.bias")
                || name.endsWith("attn_k.weight") || name.endsWith("attn_k.bias"))) {
            int heads = name.contains("attn_q") ? shape.heads() : shape.kvHeads();
            rows = rotaryPermute(name.endsWith(".bias") ? RowSource.of(t, 1) : rows, heads, t);
        }
        out.add(OutputTensor.of(name, ne, rows));
    }

    /**
     * llama.cpp's {@code LlamaModel.permute}: within each head of d rows, new row {@code 2j + a} is old row
     * {@code a·d/2 + j}, turning Hugging Face's half-split rotary layout into ggml's adjacent pairs.
     */
    private static RowSource rotaryPermute(RowSource rows, int heads, SafeTensor t) throws ConvertException {
        long n = rows.rows();
        if (heads <= 0 || n % heads != 0 || (n / heads) % 2 != 0) {
            throw new ConvertException(t.file() + ": tensor '" + t.name() + "' has " + n
                    + " rows, not a whole number of even-sized heads for " + heads + " heads");
        }
        long d = n / heads;
        return rows.remap(n, r -> {
            long h = r / d;
            long i = r % d;
            return h * d + (i % 2) * (d / 2) + i / 2;
        });
    }

    private void expert(SafeTensor t, String prefix, int index, String proj) throws ConvertException {
        if (index >= shape.experts()) {
            throw new ConvertException(t.file() + ": tensor '" + t.name() + "' is expert " + index + " of "
                    + shape.experts() + " (n_routed_experts)");
        }
        String key = prefix + "ffn_" + proj + "_exps.weight";
        RowSource[] parts = experts.computeIfAbsent(key, k -> new RowSource[shape.experts()]);
        RowSource rows = rows(t);
        if (parts[0] != null && parts[0].rows() != rows.rows()) {
            throw new ConvertException(t.file() + ": tensor '" + t.name() + "' has a different shape from expert 0");
        }
        parts[index] = rows;
        if (Arrays.stream(parts).allMatch(java.util.Objects::nonNull)) {
            experts.remove(key);
            out.add(OutputTensor.of(key, new long[] {rows.rowLength(), rows.rows(), parts.length},
                    RowSource.stack(List.of(parts))));
        }
    }

    /** kv_b {@code [H·(nope+v), L]} → {@code attn_k_b} {nope, L, H} and {@code attn_v_b} {L, v, H} (§3.6). */
    private void splitKvB(SafeTensor t, String prefix) throws ConvertException {
        int h = shape.heads();
        int nope = shape.nopeDim();
        int v = shape.valueDim();
        int perHead = nope + v;
        RowSource kvB = rows(t);
        if (t.rank() != 2 || kvB.rows() != (long) h * perHead || kvB.rowLength() != shape.kvLoraRank()) {
            throw new ConvertException(t.file() + ": tensor '" + t.name() + "' has shape "
                    + Arrays.toString(t.shape()) + ", expected [" + (long) h * perHead + ", " + shape.kvLoraRank()
                    + "]");
        }
        int latent = kvB.rowLength();
        out.add(OutputTensor.of(prefix + "attn_k_b.weight", new long[] {nope, latent, h},
                new HeadTransposeRows(kvB, h, nope, perHead)));
        out.add(OutputTensor.of(prefix + "attn_v_b.weight", new long[] {latent, v, h},
                kvB.remap((long) h * v, r -> (r / v) * perHead + nope + r % v)));
    }

    /** The rows of a checkpoint tensor: decoded directly, or FP8 dequantized with its block scale. */
    private RowSource rows(SafeTensor t) throws ConvertException {
        if (!t.dtype().decodable()) {
            throw new ConvertException(t.file() + ": tensor '" + t.name() + "' has dtype " + t.dtype()
                    + ", which jseek does not convert (supported: F32, F16, BF16, F64, F8_E4M3)");
        }
        if (t.dtype() != Dtype.F8_E4M3) {
            return RowSource.of(t, (int) t.rowLength());
        }
        SafeTensor scale = checkpoint.tensors().get(t.name() + SCALE);
        if (scale == null || t.rank() != 2) {
            throw new ConvertException(t.file() + ": FP8 tensor '" + t.name() + "' has no " + t.name() + SCALE
                    + " block scale" + (t.rank() != 2 ? " (or is not 2-D)" : ""));
        }
        long[] want = Fp8BlockRows.scaleShape(t.shape(), shape.fp8Block()[0], shape.fp8Block()[1]);
        if (!Arrays.equals(scale.shape(), want) || !scale.dtype().decodable() || scale.dtype() == Dtype.F8_E4M3) {
            throw new ConvertException(scale.file() + ": scale '" + scale.name() + "' is " + scale.dtype() + " "
                    + Arrays.toString(scale.shape()) + ", expected a float " + Arrays.toString(want));
        }
        return new Fp8BlockRows(t, scale, shape.fp8Block()[0], shape.fp8Block()[1]);
    }

    private static long[] reversed(long[] shape) {
        long[] ne = new long[Math.max(1, shape.length)];
        Arrays.fill(ne, 1);
        for (int i = 0; i < shape.length; i++) {
            ne[i] = shape[shape.length - 1 - i];
        }
        return ne;
    }
}
