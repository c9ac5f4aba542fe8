package org.dicomcnn.training.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A split of a data set into training, validation and test parts by patient: every series of a
 * patient lands in the same part, so no patient is seen in training and judged in test. The
 * assignment depends only on the set of patient keys, the fractions and the seed.
 *
 * @param seed the seed of the shuffle
 * @param trainFraction share of patients for training
 * @param validationFraction share for validation (the rest is test)
 * @param parts patient key to part
 */
public record PatientSplit(long seed, double trainFraction, double validationFraction, Map<String, Part> parts) {

    /** A part of the split. */
    public enum Part {
        /** Fits the weights. */
        TRAIN,
        /** Early stopping, calibration, operating points. */
        VALIDATION,
        /** Judged once, at the end. */
        TEST,
        /** Fits a candidate stage's weights only: patients from another folder, which the slice model never saw. */
        STAGE_TRAIN
    }

    /** Validates fractions and copies the map. */
    public PatientSplit {
        if (!(trainFraction > 0 && validationFraction >= 0 && trainFraction + validationFraction <= 1)) {
            throw new IllegalArgumentException("fractions must satisfy 0 < train, 0 <= validation, train + validation <= 1: "
                    + trainFraction + ", " + validationFraction);
        }
        parts = Collections.unmodifiableMap(new TreeMap<>(parts));
    }

    /**
     * Splits the patients of a data set.
     *
     * @param data the labelled series
     * @param trainFraction share of patients for training
     * @param validationFraction share for validation; the rest is test
     * @param seed shuffle seed
     * @return the split
     */
    public static PatientSplit of(List<LabelledSeries> data, double trainFraction, double validationFraction, long seed) {
        List<String> keys = new ArrayList<>(new TreeSet<>(data.stream().map(LabelledSeries::patientKey).toList()));
        Collections.shuffle(keys, new Random(seed));
        int train = (int) Math.round(keys.size() * trainFraction);
        int validation = (int) Math.round(keys.size() * validationFraction);
        if (keys.size() >= 3 && validationFraction > 0) {
            validation = Math.max(1, validation);
            train = Math.min(train, keys.size() - validation - (trainFraction + validationFraction < 1 ? 1 : 0));
        }
        Map<String, Part> parts = new TreeMap<>();
        for (int i = 0; i < keys.size(); i++) {
            parts.put(keys.get(i), i < train ? Part.TRAIN : i < train + validation ? Part.VALIDATION : Part.TEST);
        }
        return new PatientSplit(seed, trainFraction, validationFraction, parts);
    }

    /**
     * This split with the patients of more series put in a part (a separate test folder, or a
     * candidate stage's extra training folder), so that {@code split.json} lists them too.
     *
     * @param series the series
     * @param part their part
     * @return the extended split
     * @throws IllegalArgumentException if one of their patients is already in another part: the
     *     same patient in two parts would leak between training and judging
     */
    public PatientSplit with(List<LabelledSeries> series, Part part) {
        Map<String, Part> extended = new TreeMap<>(parts);
        for (LabelledSeries s : series) {
            Part before = extended.put(s.patientKey(), part);
            if (before != null && before != part) {
                throw new IllegalArgumentException("a patient of the " + part.name().toLowerCase(java.util.Locale.ROOT)
                        + " data is already in the " + before.name().toLowerCase(java.util.Locale.ROOT)
                        + " part (study " + s.studyInstanceUid() + "): the folders must hold different patients");
            }
        }
        return new PatientSplit(seed, trainFraction, validationFraction, extended);
    }

    /** The series of one part. */
    public List<LabelledSeries> select(List<LabelledSeries> data, Part part) {
        return data.stream().filter(s -> parts.get(s.patientKey()) == part).toList();
    }

    /**
     * Reads a split written by {@link #write}: the patient keys of each part.
     *
     * @param file a {@code split.json}
     * @return the split
     * @throws IOException if it cannot be read or is not a split
     */
    public static PatientSplit read(Path file) throws IOException {
        com.fasterxml.jackson.databind.JsonNode doc = new ObjectMapper().readTree(file.toFile());
        if (doc == null || !doc.has("seed") || !doc.has("train")) {
            throw new IOException(file + " is not a split written by the training module (no seed or train part)");
        }
        Map<String, Part> parts = new TreeMap<>();
        for (Part p : Part.values()) {
            com.fasterxml.jackson.databind.JsonNode keys = doc.path(p.name().toLowerCase(java.util.Locale.ROOT))
                    .path("patientKeys");
            keys.forEach(k -> parts.put(k.asText(), p));
        }
        return new PatientSplit(doc.get("seed").asLong(), doc.path("trainFraction").asDouble(),
                doc.path("validationFraction").asDouble(), parts);
    }

    /**
     * Writes the split as JSON: seed, fractions and, per part, the one-way patient keys and the
     * study UIDs, so that a model's data can be traced without patient identifiers.
     *
     * @param file where to write
     * @param data the labelled series the split was made from
     * @throws IOException if it cannot be written
     */
    public void write(Path file, List<LabelledSeries> data) throws IOException {
        Map<String, Object> doc = new TreeMap<>();
        doc.put("seed", seed);
        doc.put("trainFraction", trainFraction);
        doc.put("validationFraction", validationFraction);
        for (Part p : Part.values()) {
            List<LabelledSeries> in = select(data, p);
            Map<String, Object> part = new TreeMap<>();
            part.put("patientKeys", in.stream().map(LabelledSeries::patientKey).distinct().sorted().toList());
            part.put("studyInstanceUids", in.stream().map(LabelledSeries::studyInstanceUid).distinct().sorted().toList());
            part.put("series", in.size());
            doc.put(p.name().toLowerCase(java.util.Locale.ROOT), part);
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), doc);
    }
}
