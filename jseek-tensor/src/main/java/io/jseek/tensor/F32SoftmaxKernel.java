package io.jseek.tensor;

import static io.jseek.tensor.SoftmaxExp.C2;
import static io.jseek.tensor.SoftmaxExp.C3;
import static io.jseek.tensor.SoftmaxExp.C4;
import static io.jseek.tensor.SoftmaxExp.C5;
import static io.jseek.tensor.SoftmaxExp.C6;
import static io.jseek.tensor.SoftmaxExp.C7;

import java.lang.invoke.MethodHandles;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SoftmaxKernel} in vectors: the maximum, then {@link SoftmaxExp#exp}'s operations lane by lane (the same
 * fused multiply-adds, adds and shifts, so each weight has the scalar twin's bits), the twin's sum, and the scale by
 * its inverse. Elements past the last whole vector take the scalar exp. Specialised per width by {@link Specializer}.
 */
final class F32SoftmaxKernel implements SoftmaxKernel {
    private static final VectorSpecies<Float> F = Specializer.width(MethodHandles.lookup()).floats();

    @Override
    public void apply(float[] x, int offset, int n) {
        int bound = F.loopBound(n);
        float max = Float.NEGATIVE_INFINITY;
        if (bound > 0) {
            FloatVector m = FloatVector.fromArray(F, x, offset);
            for (int i = F.length(); i < bound; i += F.length()) {
                m = m.max(FloatVector.fromArray(F, x, offset + i));
            }
            max = m.reduceLanes(VectorOperators.MAX); // order-free: a maximum has one value
        }
        for (int i = bound; i < n; i++) {
            max = Math.max(max, x[offset + i]);
        }
        FloatVector shift = FloatVector.broadcast(F, max);
        for (int i = 0; i < bound; i += F.length()) {
            exp(FloatVector.fromArray(F, x, offset + i).sub(shift)).intoArray(x, offset + i);
        }
        for (int i = bound; i < n; i++) {
            x[offset + i] = SoftmaxExp.exp(x[offset + i] - max);
        }
        float inv = (float) (1.0 / SoftmaxExp.sum(x, offset, n));
        for (int i = 0; i < bound; i += F.length()) {
            FloatVector.fromArray(F, x, offset + i).mul(inv).intoArray(x, offset + i);
        }
        for (int i = bound; i < n; i++) {
            x[offset + i] *= inv;
        }
    }

    /** {@link SoftmaxExp#exp} of every lane. */
    private static FloatVector exp(FloatVector x) {
        FloatVector t = x.fma(SoftmaxExp.LOG2E, SoftmaxExp.ROUND);
        FloatVector n = t.sub(SoftmaxExp.ROUND);
        FloatVector r = n.fma(FloatVector.broadcast(F, -SoftmaxExp.LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -SoftmaxExp.LN2_LO), r);
        FloatVector p = r.fma(C7, C6);
        p = p.fma(r, FloatVector.broadcast(F, C5));
        p = p.fma(r, FloatVector.broadcast(F, C4));
        p = p.fma(r, FloatVector.broadcast(F, C3));
        p = p.fma(r, FloatVector.broadcast(F, C2));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        p = p.fma(r, FloatVector.broadcast(F, 1f));
        IntVector scale = t.reinterpretAsInts().add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(scale.reinterpretAsFloats()).blend(0f, x.lt(SoftmaxExp.CUTOFF));
    }
}
