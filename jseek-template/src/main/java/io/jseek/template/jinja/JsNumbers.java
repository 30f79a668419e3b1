package io.jseek.template.jinja;

import java.math.BigDecimal;

/**
 * JavaScript's Number-to-String conversion (ECMA-262 Number::toString), which @huggingface/jinja's {@code tojson}
 * uses for every number: shortest round-trip digits, no fraction for integral values, plain notation for decimal
 * exponents from -6 to 20 and {@code d.ddde±n} outside.
 */
final class JsNumbers {

    private JsNumbers() {
    }

    static String format(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == 0) {
            return "0";
        }
        // Double.toString gives the shortest digits that round-trip (JDK 19+), the same digits JavaScript picks.
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(d))).stripTrailingZeros();
        String digits = exact.unscaledValue().toString();
        int k = digits.length();
        int n = k - exact.scale();
        String sign = d < 0 ? "-" : "";
        if (k <= n && n <= 21) {
            return sign + digits + "0".repeat(n - k);
        }
        if (0 < n && n <= 21) {
            return sign + digits.substring(0, n) + "." + digits.substring(n);
        }
        if (-6 < n && n <= 0) {
            return sign + "0." + "0".repeat(-n) + digits;
        }
        String exponent = (n - 1 >= 0 ? "+" : "-") + Math.abs(n - 1);
        String mantissa = k == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return sign + mantissa + "e" + exponent;
    }
}
