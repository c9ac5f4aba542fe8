package org.dicomcnn.imagej;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The options a macro passed to a command ({@code ij.Macro.getOptions()}), parsed once and checked
 * against the command's keys. ImageJ itself ignores a key it does not know; here an unknown key
 * or a bad value is an error that names the key, the value and what was expected.
 *
 * <p>The syntax is ImageJ's: {@code key=value} or {@code key=[value with spaces]}, separated by
 * spaces; a bare {@code key} is a switched-on check box.
 */
public final class MacroOptions {

    private final Map<String, String> values;

    private MacroOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses an option string and rejects keys the command does not take.
     *
     * @param options the string, e.g. {@code "folder=[/data/a b] series=2"}; null or blank gives no options
     * @param allowed the command's keys ({@link MacroKeys})
     * @return the options
     * @throws IllegalArgumentException naming an unknown key, a key given twice, an unterminated
     *     bracket or a bracket not followed by a space
     */
    public static MacroOptions parse(String options, Collection<String> allowed) {
        Map<String, String> values = new LinkedHashMap<>();
        String s = options == null ? "" : options;
        int i = 0;
        while (i < s.length()) {
            if (s.charAt(i) == ' ') {
                i++;
                continue;
            }
            int end = i;
            while (end < s.length() && s.charAt(end) != ' ' && s.charAt(end) != '=') {
                end++;
            }
            String key = s.substring(i, end).toLowerCase(Locale.ROOT);
            String value = "";
            if (end < s.length() && s.charAt(end) == '=') {
                int start = end + 1;
                if (start < s.length() && s.charAt(start) == '[') {
                    int close = s.indexOf(']', start);
                    if (close < 0) {
                        throw new IllegalArgumentException("the value of key '" + key
                                + "' opens with '[' but has no closing ']'");
                    }
                    value = s.substring(start + 1, close);
                    end = close + 1;
                    if (end < s.length() && s.charAt(end) != ' ') {
                        throw new IllegalArgumentException("the value of key '" + key + "' ends with ']' but is followed by '"
                                + s.substring(end, Math.min(s.length(), end + 12)) + "'; separate keys with a space");
                    }
                } else {
                    end = start;
                    while (end < s.length() && s.charAt(end) != ' ') {
                        end++;
                    }
                    value = s.substring(start, end);
                }
            }
            if (!allowed.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' (value '" + value
                        + "'); expected " + (allowed.isEmpty() ? "no keys" : "one of " + String.join(", ", allowed)));
            }
            String before = values.put(key, value);
            if (before != null) {
                throw new IllegalArgumentException("key '" + key + "' is given twice ('" + before + "' and '" + value
                        + "'); give it once");
            }
            i = end;
        }
        return new MacroOptions(values);
    }

    /**
     * @param key a key
     * @return its value, if the macro gave one
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * @param key a key
     * @param fallback the value when the macro gave none
     * @return the value
     */
    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** Slices per forward pass ({@link MacroKeys#BATCH}) when none is given. */
    static final int DEFAULT_BATCH = 16;
    /** The largest {@link MacroKeys#BATCH} accepted. */
    static final int MAX_BATCH = 256;

    /**
     * @return {@link MacroKeys#BATCH}, a whole number from 1 to {@value #MAX_BATCH}; {@value #DEFAULT_BATCH} when absent
     * @throws IllegalArgumentException naming the key, the value and the range
     */
    public int batch() {
        return getInt(MacroKeys.BATCH, DEFAULT_BATCH, 1, MAX_BATCH);
    }

    /**
     * Checks the slices per forward pass typed into a dialog as {@link #batch()} checks a macro's.
     *
     * @param value the dialog's number
     * @return it as a whole number
     * @throws IllegalArgumentException naming the key, the value and the range
     */
    static int batchFromDialog(double value) {
        if (!(value >= 1 && value <= MAX_BATCH) || value != Math.rint(value)) {
            throw badValue(MacroKeys.BATCH, String.valueOf(value), "a whole number from 1 to " + MAX_BATCH);
        }
        return (int) value;
    }

    /**
     * Reads a whole number in a range.
     *
     * @param key a key
     * @param fallback the value when the macro gave none
     * @param min the smallest value accepted
     * @param max the largest value accepted
     * @return the value
     * @throws IllegalArgumentException naming the key, the value and the range
     */
    public int getInt(String key, int fallback, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the key and the range
        }
        throw badValue(key, v, "a whole number from " + min + " to " + max);
    }

    /**
     * Reads one of a fixed set of words.
     *
     * @param key a key
     * @param fallback the value when the macro gave none
     * @param choices the words accepted (compared ignoring case)
     * @return the value, lower case
     * @throws IllegalArgumentException naming the key, the value and the choices
     */
    public String getChoice(String key, String fallback, Collection<String> choices) {
        String v = values.get(key);
        if (v == null) {
            return fallback;
        }
        String lower = v.trim().toLowerCase(Locale.ROOT);
        if (!choices.contains(lower)) {
            throw badValue(key, v, "one of " + String.join(", ", choices));
        }
        return lower;
    }

    /**
     * Builds the error for a value a key does not accept.
     *
     * @param key the key
     * @param value the value given
     * @param expected what the key accepts
     * @return the exception to throw
     */
    public static IllegalArgumentException badValue(String key, String value, String expected) {
        return new IllegalArgumentException("bad value for key '" + key + "': '" + value + "'; expected " + expected);
    }
}
