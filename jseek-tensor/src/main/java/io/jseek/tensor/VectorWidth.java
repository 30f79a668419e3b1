package io.jseek.tensor;

import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD width the dot-product kernels use: 0 (scalar reference loops), 128, 256 or 512 bits.
 *
 * <p>{@link #DEFAULT} comes from the system property {@code jseek.vector.bits} and otherwise is the preferred species
 * of the CPU; it is read once, at class initialisation. The public entry points take a width as an argument so that
 * tests can compare every width against the scalar twin in one JVM.
 *
 * <p>Derived species: {@code ints} has the float shape; {@code shorts} has the float lane count (half the bits);
 * {@code bytes} has {@code max(8, lanes)} lanes (there is no byte shape under 64 bits), so a byte load may feed
 * several float vectors through {@code convertShape} parts.
 *
 * <p>Performance: the Vector API is only intrinsified when the species is a JIT-time constant. The kernels therefore
 * do not take their species from a width argument: each kernel class reads {@code static final} species from the
 * width it was specialised for ({@link Specializer} makes one hidden copy per width), and a width only selects the
 * copy. No JIT flags are needed.
 */
public record VectorWidth(int bits,
                          VectorSpecies<Float> floats,
                          VectorSpecies<Integer> ints,
                          VectorSpecies<Short> shorts,
                          VectorSpecies<Byte> bytes) {

    /** The system property that selects the width. */
    public static final String PROPERTY = "jseek.vector.bits";

    /** Plain loops, the reference every vector kernel is tested against. */
    public static final VectorWidth SCALAR = new VectorWidth(0, null, null, null, null);

    /** The vector widths, one instance each: {@link Specializer} hands them to the kernel copies as class data. */
    static final VectorWidth W128 = create(128);
    static final VectorWidth W256 = create(256);
    static final VectorWidth W512 = create(512);

    /** The width used by the one-argument-shorter overloads. */
    public static final VectorWidth DEFAULT = fromProperty(System.getProperty(PROPERTY));

    /** The width for {@code bits}: 0, 128, 256 or 512. Wider than the CPU still works (slowly); tests rely on it. */
    public static VectorWidth of(int bits) {
        if (bits == 0) {
            return SCALAR;
        }
        return switch (bits) {
            case 128 -> W128;
            case 256 -> W256;
            case 512 -> W512;
            default -> throw new IllegalArgumentException(PROPERTY + " must be 0, 128, 256 or 512, got " + bits);
        };
    }

    private static VectorWidth create(int bits) {
        VectorShape shape = VectorShape.forBitSize(bits);
        VectorSpecies<Float> f = VectorSpecies.of(float.class, shape);
        return new VectorWidth(bits, f,
                VectorSpecies.of(int.class, shape),
                VectorSpecies.of(short.class, VectorShape.forBitSize(bits / 2)),
                VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, bits / 4))));
    }

    /** The widest of 128/256/512 the CPU prefers, or the property's value when set. */
    static VectorWidth fromProperty(String value) {
        if (value == null || value.isBlank()) {
            int preferred = VectorShape.preferredShape().vectorBitSize();
            return preferred < 128 ? SCALAR : of(Math.min(512, preferred));
        }
        try {
            return of(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PROPERTY + " must be 0, 128, 256 or 512, got '" + value + "'", e);
        }
    }

    /** Whether this is the scalar reference. */
    public boolean scalar() {
        return bits == 0;
    }

    /** Float lanes per vector. */
    int lanes() {
        return floats.length();
    }

    @Override
    public String toString() {
        return bits == 0 ? "scalar" : bits + "-bit";
    }
}
