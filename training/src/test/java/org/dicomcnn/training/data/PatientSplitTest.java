package org.dicomcnn.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.training.data.PatientSplit.Part;
import org.dicomcnn.volume.SeriesLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PatientSplitTest {

    private static final int PATIENTS = 20;

    @TempDir
    Path dir;

    /** 50 series of 20 patients, 1 to 4 series each, over one or two studies per patient. */
    private static List<LabelledSeries> synthetic() {
        List<LabelledSeries> out = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int patient = i % PATIENTS;
            String key = String.format(Locale.ROOT, "%016x", 0x9e3779b97f4a7c15L * (patient + 1));
            String study = "2.25." + (1000 + patient) + "." + (i / PATIENTS % 2);
            SeriesRef series = new SeriesRef("2.25.9" + i, 1, "CT", "", "", null, "", "", 5, List.of());
            int slices = 3;
            out.add(new LabelledSeries(key, study, series, new boolean[slices][2], new boolean[slices][2],
                    new boolean[2], new boolean[2], List.of("1.2." + i + ".1", "1.2." + i + ".2", "1.2." + i + ".3")));
        }
        return out;
    }

    private static Map<Part, Set<String>> keysByPart(PatientSplit split, List<LabelledSeries> data) {
        Map<Part, Set<String>> out = new EnumMap<>(Part.class);
        for (Part p : Part.values()) {
            out.put(p, split.select(data, p).stream().map(LabelledSeries::patientKey).collect(Collectors.toSet()));
        }
        return out;
    }

    @Test
    void keepsEveryPatientInOnePart() {
        List<LabelledSeries> data = synthetic();
        PatientSplit split = PatientSplit.of(data, 0.7, 0.15, 42);
        Map<Part, Set<String>> parts = keysByPart(split, data);
        Set<String> all = new HashSet<>();
        int series = 0;
        for (Part p : Part.values()) {
            for (String key : parts.get(p)) {
                assertTrue(all.add(key), "patient " + key + " appears in two parts");
                assertEquals(p, split.parts().get(key));
            }
            series += split.select(data, p).size();
        }
        assertEquals(PATIENTS, all.size());
        assertEquals(data.size(), series, "every series in exactly one part");
        assertEquals(all, split.parts().keySet());
    }

    @Test
    void sameSeedGivesTheSameSplitAndOtherSeedsOthers() {
        List<LabelledSeries> data = synthetic();
        PatientSplit first = PatientSplit.of(data, 0.7, 0.15, 7);
        assertEquals(first.parts(), PatientSplit.of(data, 0.7, 0.15, 7).parts());
        int differing = 0;
        for (long seed = 8; seed < 18; seed++) {
            differing += PatientSplit.of(data, 0.7, 0.15, seed).parts().equals(first.parts()) ? 0 : 1;
        }
        assertTrue(differing >= 9, "other seeds should almost always split differently: " + differing + "/10");
    }

    @Test
    void dependsOnlyOnTheSetOfPatientsNotOnTheOrderOfSeries() {
        List<LabelledSeries> data = synthetic();
        List<LabelledSeries> shuffled = new ArrayList<>(data);
        Collections.shuffle(shuffled, new Random(3));
        assertEquals(PatientSplit.of(data, 0.6, 0.2, 99).parts(), PatientSplit.of(shuffled, 0.6, 0.2, 99).parts());
    }

    @ParameterizedTest(name = "train {0}, validation {1}")
    @CsvSource({"0.7, 0.15", "0.6, 0.2", "0.8, 0.1", "0.5, 0.5", "1.0, 0.0", "0.34, 0.33"})
    void respectsTheFractionsWithinRounding(double train, double validation) {
        List<LabelledSeries> data = synthetic();
        for (long seed = 0; seed < 5; seed++) {
            Map<Part, Set<String>> parts = keysByPart(PatientSplit.of(data, train, validation, seed), data);
            double test = 1 - train - validation;
            assertEquals(PATIENTS * train, parts.get(Part.TRAIN).size(), 1.0, "train patients");
            assertEquals(PATIENTS * validation, parts.get(Part.VALIDATION).size(), 1.0, "validation patients");
            assertEquals(PATIENTS * test, parts.get(Part.TEST).size(), 1.0, "test patients");
            if (validation > 0) {
                assertFalse(parts.get(Part.VALIDATION).isEmpty());
            }
        }
    }

    @Test
    void rejectsImpossibleFractions() {
        List<LabelledSeries> data = synthetic();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> PatientSplit.of(data, 0, 0.5, 1))
                .getMessage().contains("0 < train"));
        assertThrows(IllegalArgumentException.class, () -> PatientSplit.of(data, 0.8, 0.3, 1));
        assertThrows(IllegalArgumentException.class, () -> PatientSplit.of(data, 0.8, -0.1, 1));
    }

    @Test
    void rejectsFractionsThatAreNotNumbers() {
        List<LabelledSeries> data = synthetic();
        assertThrows(IllegalArgumentException.class, () -> PatientSplit.of(data, Double.NaN, 0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> PatientSplit.of(data, 0.7, Double.NaN, 1));
    }

    @Test
    void writesSeedFractionsKeysAndStudiesPerPart() throws IOException {
        List<LabelledSeries> data = synthetic();
        PatientSplit split = PatientSplit.of(data, 0.7, 0.15, 2024);
        Path file = dir.resolve("split.json");
        split.write(file, data);

        JsonNode doc = new ObjectMapper().readTree(file.toFile());
        assertEquals(2024, doc.get("seed").asLong());
        assertEquals(0.7, doc.get("trainFraction").asDouble(), 0);
        assertEquals(0.15, doc.get("validationFraction").asDouble(), 0);
        for (Part p : Part.values()) {
            JsonNode part = doc.get(p.name().toLowerCase(Locale.ROOT));
            assertTrue(part != null && part.isObject(), "part " + p + " in " + doc);
            List<LabelledSeries> in = split.select(data, p);
            assertEquals(new TreeSet<>(in.stream().map(LabelledSeries::patientKey).toList()), strings(part.get("patientKeys")));
            assertEquals(new TreeSet<>(in.stream().map(LabelledSeries::studyInstanceUid).toList()),
                    strings(part.get("studyInstanceUids")));
            assertEquals(in.size(), part.get("series").asInt());
        }
    }

    /**
     * Patients of another folder join a part (a separate test folder, a candidate stage's extra
     * training folder); the written split lists them and reads back the same; a patient already
     * in another part is refused.
     */
    @Test
    void otherFoldersJoinAPartAndNoPatientSitsInTwo() throws IOException {
        List<LabelledSeries> all = synthetic();
        List<LabelledSeries> main = all.stream().filter(s -> !s.patientKey().equals(all.get(0).patientKey())).toList();
        List<LabelledSeries> extra = all.stream().filter(s -> s.patientKey().equals(all.get(0).patientKey())).toList();
        PatientSplit split = PatientSplit.of(main, 0.7, 0.3, 5);
        PatientSplit extended = split.with(extra, Part.STAGE_TRAIN);
        assertEquals(extra, extended.select(all, Part.STAGE_TRAIN));
        assertEquals(split.select(main, Part.TRAIN), extended.select(all, Part.TRAIN), "the other parts stay");
        assertEquals(split.parts().size() + 1, extended.parts().size());

        Path file = dir.resolve("split.json");
        extended.write(file, all);
        JsonNode stage = new ObjectMapper().readTree(file.toFile()).get("stage_train");
        assertEquals(Set.of(extra.get(0).patientKey()), strings(stage.get("patientKeys")));
        assertEquals(extra.size(), stage.get("series").asInt());
        assertEquals(extended.parts(), PatientSplit.read(file).parts());

        List<LabelledSeries> training = split.select(main, Part.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> split.with(training.subList(0, 1), Part.STAGE_TRAIN));
        assertTrue(e.getMessage().contains("already in the train part"), e.getMessage());
        assertFalse(e.getMessage().contains(training.get(0).patientKey()), "no patient key in the message");
    }

    private static Set<String> strings(JsonNode array) {
        assertTrue(array != null && array.isArray(), "an array: " + array);
        Set<String> out = new TreeSet<>();
        array.forEach(n -> out.add(n.asText()));
        assertEquals(array.size(), out.size(), "no duplicates in " + array);
        return out;
    }

    @Test
    void writtenSplitOfTheCommittedSamplesHoldsNoPatientIdentifiers() throws IOException {
        DicomIndex index = CommittedStudies.index();
        List<LabelledSeries> data = DatasetBuilder.build(index, new PhantomLabels(), "CT", new SeriesLoader(),
                ProgressListener.NONE);
        PatientSplit split = PatientSplit.of(data, 0.34, 0.33, 1);
        Path file = dir.resolve("committed-split.json");
        split.write(file, data);
        String text = Files.readString(file, StandardCharsets.UTF_8);

        List<String> identifiers = new ArrayList<>();
        for (PatientRef p : index.patients()) {
            identifiers.add(p.patientId());
            identifiers.add(p.patientName());
            // the name's components too (family^given), as they might be written separately
            for (String part : p.patientName().split("\\^")) {
                if (part.length() >= 3) {
                    identifiers.add(part);
                }
            }
        }
        assertEquals(3, index.patients().size());
        for (String id : identifiers) {
            assertFalse(id.isEmpty(), "the committed patients have IDs and names");
            assertFalse(text.toLowerCase(Locale.ROOT).contains(id.toLowerCase(Locale.ROOT)),
                    "the split file contains the identifier '" + id + "'");
        }
        // and the keys it holds are those of the data
        JsonNode doc = new ObjectMapper().readTree(text);
        Set<String> written = new HashSet<>();
        for (Part p : Part.values()) {
            written.addAll(strings(doc.get(p.name().toLowerCase(Locale.ROOT)).get("patientKeys")));
        }
        assertEquals(data.stream().map(LabelledSeries::patientKey).collect(Collectors.toSet()), written);
    }
}
