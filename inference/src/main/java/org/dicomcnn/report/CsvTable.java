package org.dicomcnn.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A CSV table (RFC 4180: comma separated, CRLF line ends, fields with a comma, quote or line
 * break quoted, quotes doubled). Numbers are written with a dot and no grouping whatever the
 * default locale; an absent or non-finite value is an empty field.
 */
public final class CsvTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    /**
     * @param header column names
     */
    public CsvTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /**
     * Adds a row.
     *
     * @param values one value per column: strings, numbers, booleans or null
     * @throws IllegalArgumentException if the count differs from the header's
     */
    public void add(List<?> values) {
        if (values.size() != header.size()) {
            throw new IllegalArgumentException("row of " + values.size() + " values for " + header.size() + " columns");
        }
        rows.add(values.stream().map(CsvTable::text).toList());
    }

    /** @return the column names */
    public List<String> header() {
        return header;
    }

    /** @return the number of rows (without the header) */
    public int size() {
        return rows.size();
    }

    /** @return the table as UTF-8 bytes */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        rows.forEach(r -> line(sb, r));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder sb, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String f = fields.get(i);
            if (f.contains(",") || f.contains("\"") || f.contains("\n") || f.contains("\r")) {
                sb.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(f);
            }
        }
        sb.append("\r\n");
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof Double d) {
            // Six significant digits, plain notation, no trailing zeros: 0.000123, 150, 12.3457.
            return Double.isFinite(d)
                    ? new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString() : "";
        }
        if (v instanceof Float f) {
            return text(f.doubleValue());
        }
        return Objects.toString(v);
    }
}
