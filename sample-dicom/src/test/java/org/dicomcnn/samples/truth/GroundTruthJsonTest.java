package org.dicomcnn.samples.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthJsonTest {

    @TempDir
    Path dir;

    private static StudyTruth sample() {
        LesionTruth lesion = new LesionTruth("N1", "subsolid_nodule", "left", true, "growing",
                new double[] {1.5, -2.25, 1e-5}, new double[] {12, 10, 8}, new double[][] {{1, 0, 0}, {0, 1, 0},
                    {0, 0, 1}}, new double[] {12, 10, 8}, 0.502655, -420.5, 4.8, 30.0,
                new GrowthTruth("exponential_growth", 400.0, "2023-01-01", 0.4), 0.45, 11.7, 120,
                new double[] {3, 4, 5});
        SeriesTruth series = new SeriesTruth("2.25.1", 1, "series-1", "AXIAL 1.0 MM STANDARD", "STANDARD",
                "1.2.840.10008.1.2.1", 512, 512, new double[] {0.703125, 0.703125}, 360, new double[] {0, 10}, 1, 1, 300,
                new double[] {-179.6, -169.6, 100}, new double[] {-179.6, -169.6, -199}, 22.1, 1);
        return new StudyTruth(StudyTruth.SCHEMA, StudyTruth.SCHEMA_VERSION, StudyTruth.NOTE,
                new GeneratorInfo(GeneratorInfo.NAME, GeneratorInfo.MODEL_VERSION, 7, "cohort"), "p0001", "SYN-7-0001",
                "test", 1, "study-2", "2.25.2", "2023-05-01", "10:11:12", 120, "2.25.3",
                new TransformTruth(TransformTruth.CONVENTION, new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
                        new double[] {1, 2, 3}, new double[] {0, 0, 0}), List.of(series), List.of(lesion));
    }

    @Test
    void roundTripKeepsEveryValue() throws Exception {
        Path file = dir.resolve(StudyTruth.FILE_NAME);
        GroundTruthJson.write(file, sample());
        StudyTruth back = GroundTruthJson.readStudy(file);
        assertEquals(GroundTruthJson.toJson(sample()), GroundTruthJson.toJson(back));
        assertEquals(-420.5, back.lesion("N1").meanHu());
        assertEquals(400.0, back.lesion("N1").growth().volumeDoublingTimeDays());
    }

    @Test
    void writesPlainDecimalsInDeclaredOrderWithUnixLineEnds() {
        String json = GroundTruthJson.toJson(sample());
        assertTrue(json.startsWith("{\n  \"schema\": \"dicomcnn-phantom-ground-truth\",\n  \"schemaVersion\": 1,"),
                json);
        assertTrue(json.contains("\"class\": \"subsolid_nodule\""));
        assertTrue(json.contains("0.00001"), "no exponent notation");
        assertFalse(json.contains("E-"), json);
        assertFalse(json.contains("\r"));
        assertTrue(json.endsWith("}\n"));
        assertTrue(json.indexOf("\"lesions\"") > json.indexOf("\"series\""));
    }

    @Test
    void omitsAbsentOptionalValues() {
        String json = GroundTruthJson.toJson(new GrowthTruth(GrowthTruth.PER_STUDY_VOLUME, null, null, null));
        assertEquals("{\n  \"model\": \"per_study_volume\"\n}\n", json);
    }

    @Test
    void readingIgnoresPropertiesFromNewerMinorVersions() throws Exception {
        Path file = dir.resolve("newer.json");
        Files.writeString(file, GroundTruthJson.toJson(sample()).replace("\"note\":", "\"futureField\": 1,\n  \"note\":"));
        assertEquals("study-2", GroundTruthJson.readStudy(file).studyKey());
    }
}
