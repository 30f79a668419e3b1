package io.jseek.tensor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.constant.ConstantDescs;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Width-specialised copies of the kernel classes, made as hidden classes.
 *
 * <p>Why: the Vector API is only intrinsified when the species is a JIT-time constant. A species passed as an
 * argument is a constant only if C2 happens to inline the kernel into a caller that holds it, which its size
 * heuristics do not guarantee (measured: 10-500x slowdowns without {@code -XX:CompileCommand=inline}). A
 * {@code static final} species is a constant in every compilation of the method. So each kernel class is written once
 * against {@code static final} species that its static initializer takes from {@link #width} (the class data), and
 * this class defines one hidden copy of its bytes per width. The copies share no static state, so the 128-, 256- and
 * 512-bit kernels coexist in one JVM (the tests compare all of them with the scalar twins) and each is compiled with
 * its own constants, whatever the JIT decides to inline.
 *
 * <p>A kernel class written for several formats is copied once per width and format ({@link #format}).
 *
 * <p>A kernel class must be final, in this package, implement its kernel interface, have a no-argument constructor,
 * and use no nested classes or lambdas (those would resolve to the unspecialised original). Its original is never
 * initialised: {@link #width} would fail there.
 */
final class Specializer {
    /** Per kernel class, its copies by class data (a width, or a width and a format). */
    private static final ClassValue<Map<Object, Object>> COPIES = new ClassValue<>() {
        @Override
        protected Map<Object, Object> computeValue(Class<?> type) {
            return new ConcurrentHashMap<>();
        }
    };

    private Specializer() {
    }

    /**
     * The copy of {@code kernel} specialised for the non-scalar {@code width}, as its interface {@code T} (the copy
     * is not a {@code kernel} itself: a hidden class is a class of its own); made once per class and width.
     */
    static <T> T kernel(Class<? extends T> kernel, VectorWidth width) {
        return copy(kernel, width, width);
    }

    /**
     * As {@link #kernel(Class, VectorWidth)}, for a kernel class written once for several formats: the copy for
     * {@code format} reads it with {@link #format} into a {@code static final}, so its branches on the format fold
     * away.
     */
    static <T> T kernel(Class<? extends T> kernel, VectorWidth width, GgmlType format) {
        return copy(kernel, width, List.of(width, format));
    }

    /**
     * As {@link #kernel(Class, VectorWidth)}, a copy of its own for one caller ({@code role}). Why: the JIT profiles
     * and compiles each copy's methods for the calls they see; a caller whose calls differ from the others' (the
     * attention scores always finish their rows in one call, the mat-muls carry partial sums between calls) gets
     * code compiled for its calls alone, not code that a shared profile grew past C2's inlining budget (then the
     * vector operations run boxed, 10-100x slower).
     */
    static <T> T kernel(Class<? extends T> kernel, VectorWidth width, String role) {
        return copy(kernel, width, List.of(width, role));
    }

    @SuppressWarnings("unchecked")
    private static <T> T copy(Class<? extends T> kernel, VectorWidth width, Object classData) {
        if (width.scalar()) {
            throw new IllegalArgumentException("the scalar width has no kernel classes");
        }
        return (T) COPIES.get(kernel).computeIfAbsent(classData, d -> define(kernel, d));
    }

    /** The width a specialised copy was made for; called from the kernel classes' static initializers. */
    static VectorWidth width(MethodHandles.Lookup copy) {
        Object data = classData(copy);
        return data instanceof List<?> l ? (VectorWidth) l.get(0) : (VectorWidth) data;
    }

    /** The format a copy made by {@link #kernel(Class, VectorWidth, GgmlType)} is for. */
    static GgmlType format(MethodHandles.Lookup copy) {
        return (GgmlType) ((List<?>) classData(copy)).get(1);
    }

    private static Object classData(MethodHandles.Lookup copy) {
        try {
            return MethodHandles.classData(copy, ConstantDescs.DEFAULT_NAME, Object.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object define(Class<?> kernel, Object classData) {
        try {
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClassWithClassData(bytes(kernel), classData,
                    true);
            return copy.findConstructor(copy.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot specialise " + kernel.getName() + " for " + classData, e);
        }
    }
    private static byte[] bytes(Class<?> kernel) {
        String name = kernel.getSimpleName() + ".class";
        try (InputStream in = kernel.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("class file " + name + " not found");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
