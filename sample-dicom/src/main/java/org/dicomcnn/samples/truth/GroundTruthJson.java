package org.dicomcnn.samples.truth;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and writes the ground-truth files. Output is deterministic: properties in declared
 * order, numbers as plain decimals (no exponent, no trailing zeros), two-space indentation with
 * arrays on one line, "\n" line ends and a final newline, UTF-8.
 *
 * <pre>{@code
 * StudyTruth t = GroundTruthJson.readStudy(studyDir.resolve(StudyTruth.FILE_NAME));
 * }</pre>
 */
public final class GroundTruthJson {

    private static final ObjectMapper MAPPER = mapper();
    private static final ObjectWriter WRITER = MAPPER.writer(new DefaultPrettyPrinter()
            .withSeparators(Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(new DefaultIndenter("  ", "\n"))
            .withArrayIndenter(new DefaultPrettyPrinter.FixedSpaceIndenter()));

    private GroundTruthJson() {}

    private static ObjectMapper mapper() {
        SimpleModule plainNumbers = new SimpleModule("plain-decimals");
        JsonSerializer<Double> plain = new JsonSerializer<>() {
            @Override
            public void serialize(Double v, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeNumber(plain(v));
            }
        };
        plainNumbers.addSerializer(Double.class, plain);
        plainNumbers.addSerializer(double.class, plain);
        plainNumbers.addSerializer(double[].class, new JsonSerializer<>() {
            @Override
            public void serialize(double[] v, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartArray();
                for (double d : v) {
                    gen.writeNumber(plain(d));
                }
                gen.writeEndArray();
            }
        });
        ObjectMapper m = new ObjectMapper();
        m.registerModule(plainNumbers);
        m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return m;
    }

    private static String plain(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("cannot write non-finite number " + v + " as JSON");
        }
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * @param value a truth record
     * @return its JSON text, ending with a newline
     */
    public static String toJson(Object value) {
        try {
            return WRITER.writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * @param file where to write
     * @param value a truth record
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, Object value) throws IOException {
        Files.writeString(file, toJson(value), StandardCharsets.UTF_8);
    }

    /**
     * @param file a {@code ground-truth.json}
     * @return its content
     * @throws IOException if it cannot be read or parsed
     */
    public static StudyTruth readStudy(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), StudyTruth.class);
    }

    /**
     * @param file a {@code cohort.json}
     * @return its content
     * @throws IOException if it cannot be read or parsed
     */
    public static CohortManifest readCohort(Path file) throws IOException {
        return MAPPER.readValue(file.toFile(), CohortManifest.class);
    }
}
