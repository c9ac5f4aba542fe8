package org.dicomcnn.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.dicomcnn.classify.SliceScores;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.VoxelRegion;
import org.dicomcnn.localize.Footprint;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SliceSource;
import org.dicomcnn.volume.Vec3;
import org.dicomcnn.volume.Volume;
import org.dicomcnn.volume.VolumeInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes a study's findings for a small synthetic chest slice stack with one soft-tissue ball in
 * aerated lung, and reads everything back: the JSON with Jackson, the CSV by splitting, the
 * overlay PNG with ImageIO.
 */
class ReportWriterTest {

    private static final int SIZE = 64;
    private static final int BALL_SLICE = 6;
    private static final StudyAnalysis.ModelIdentity MODEL = new StudyAnalysis.ModelIdentity("test-model", "2.0",
            "ab".repeat(32));

    private static Volume volume;
    private static Finding nodule;
    private static Finding effusion;
    private static StudyAnalysis analysis;

    @BeforeAll
    static void buildStudy() {
        System.setProperty("java.awt.headless", "true");
        // 1 mm pixels, 2 mm slices; lung at -850 HU, a 0 HU ball of radius 4 mm at column 40, row 20.
        Geometry g = Geometry.regular(SIZE, SIZE, 10, new Vec3(-32, -32, 0), new Vec3(1, 0, 0), new Vec3(0, 1, 0), 1,
                1, 2);
        float[][] slices = new float[10][SIZE * SIZE];
        List<SliceSource> sources = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            Arrays.fill(slices[k], -850f);
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    double d2 = (i - 40) * (i - 40) + (j - 20) * (j - 20) + 4.0 * (k - BALL_SLICE) * (k - BALL_SLICE);
                    if (d2 <= 16) {
                        slices[k][j * SIZE + i] = 0f;
                    }
                }
            }
            sources.add(new SliceSource(Path.of("IM" + k), "1.2.3.4." + k, 0));
        }
        volume = new Volume(g, 1, slices, sources, new VolumeInfo("1.2.3", "1.2.3.9", "CT", "HU", List.of(),
                "MONOCHROME2"));
        nodule = new Finding("nodule", 0.93, false, new double[] {40, 20, BALL_SLICE},
                g.voxelToPatient(40, 20, BALL_SLICE), new int[] {36, 16, 4, 44, 24, 8}, 8.0, 8.5, 0.268,
                List.of(new Finding.SupportingSlice(BALL_SLICE, "1.2.3.4." + BALL_SLICE, 0)),
                new Finding.Provenance("region-scoring", "candidate stage, threshold 0.5", "region growing"));
        effusion = new Finding("effusion", 0.99, true, new double[] {10, 50, 2}, g.voxelToPatient(10, 50, 2),
                new int[] {2, 40, 0, 20, 60, 4}, 30, 40, 14.1, List.of(), new Finding.Provenance("fluid-segmentation",
                        "water, lowest part", "threshold 0..40 HU, with a comma"));
        SliceScores scores = SliceScores.of(List.of("background", "nodule"), new double[10][2], false);
        analysis = new StudyAnalysis("1.2.3", "1.2.3.9", MODEL, "cpu()", scores, List.of(nodule, effusion), List.of(),
                List.of("a note"), new StudyAnalysis.StageTimings(1, 2, 3));
    }

    private static FindingsDocument write(Path dir) throws IOException {
        FindingsDocument doc = FindingsDocument.of(analysis, LocalDate.of(2024, 5, 22), List.of(), true);
        ReportWriter.writeFindings(dir, doc, volume, analysis.findings());
        return doc;
    }

    @Test
    void writesFindingsJsonWithUnitsInTheNamesAndTheModel(@TempDir Path dir) throws Exception {
        write(dir);
        JsonNode doc = ReportWriter.mapper().readTree(dir.resolve(ReportWriter.FINDINGS_JSON).toFile());
        assertEquals(FindingsDocument.SCHEMA, doc.path("schema").asText());
        assertEquals("test-model", doc.path("model_name").asText());
        assertEquals("2.0", doc.path("model_version").asText());
        assertEquals("ab".repeat(32), doc.path("model_sha256").asText());
        assertEquals("2024-05-22", doc.path("study_date").asText());
        assertTrue(doc.path("research_use_only").asBoolean());
        JsonNode f = doc.path("findings").get(0);
        assertEquals("F1", f.path("finding_id").asText());
        assertEquals("nodule", f.path("finding_class").asText());
        assertEquals(nodule.centreMm().x(), f.path("centre_x_mm").asDouble(), 1e-9);
        assertEquals(nodule.centreMm().z(), f.path("centre_z_mm").asDouble(), 1e-9);
        assertEquals(8.0, f.path("diameter_mm").asDouble());
        assertEquals(0.268, f.path("volume_ml").asDouble());
        assertEquals(4, f.path("first_slice").asInt());
        assertEquals(8, f.path("last_slice").asInt());
        assertEquals("region-scoring", f.path("provenance_method").asText());
        assertEquals("overlays/F1-nodule.png", f.path("overlay_png").asText());
        assertEquals("1.2.3.4." + BALL_SLICE, f.path("sop_instance_uids").get(0).asText());
    }

    @Test
    void writesOneCsvRowPerFindingUnderTheJsonNames(@TempDir Path dir) throws Exception {
        FindingsDocument doc = write(dir);
        List<String> lines = Files.readAllLines(dir.resolve(ReportWriter.FINDINGS_CSV), StandardCharsets.UTF_8);
        assertEquals(1 + 2, lines.size(), "header and one row per finding");
        List<String> header = fields(lines.get(0));
        assertEquals(List.of("model_name", "model_version", "model_sha256"), header.subList(0, 3));
        JsonNode first = ReportWriter.mapper().valueToTree(doc.findings().get(0));
        List<String> jsonNames = new ArrayList<>();
        first.fieldNames().forEachRemaining(jsonNames::add);
        assertEquals(jsonNames, header.subList(3, header.size()), "CSV columns are the JSON fields, in order");
        List<String> row = fields(lines.get(1));
        assertEquals(header.size(), row.size(), lines.get(1));
        assertEquals("ab".repeat(32), row.get(header.indexOf("model_sha256")));
        assertEquals("8", row.get(header.indexOf("diameter_mm")));
        assertEquals("0.268", row.get(header.indexOf("volume_ml")));
        assertEquals("0.93", row.get(header.indexOf("probability")));
        assertEquals("candidate stage, threshold 0.5", row.get(header.indexOf("provenance_detail")),
                "a field with a comma is quoted and reads back whole");
        assertTrue(lines.get(2).startsWith("test-model,2.0,"), "every row names the model: " + lines.get(2));
    }

    /** Splits a CSV line: commas outside quotes, doubled quotes inside (RFC 4180). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                f.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(f.toString());
                f.setLength(0);
            } else {
                f.append(c);
            }
        }
        out.add(f.toString());
        return out;
    }

    @Test
    void drawsTheKeySliceInALungWindowAndCirclesTheFinding(@TempDir Path dir) throws Exception {
        write(dir);
        BufferedImage png = ImageIO.read(dir.resolve("overlays/F1-nodule.png").toFile());
        int scale = KeySliceOverlay.scaleFor(SIZE);
        assertEquals(8, scale, "64 columns enlarged to 512");
        assertEquals(SIZE * scale, png.getWidth());
        assertEquals(SIZE * scale, png.getHeight());
        int cx = (int) ((40 + 0.5) * scale);
        int cy = (int) ((20 + 0.5) * scale);
        // The ball (0 HU) is light grey in the lung window, the lung (-850 HU) dark.
        int ball = png.getRGB(cx, cy) & 0xff;
        int lung = png.getRGB(cx, cy + 12 * scale) & 0xff;
        assertEquals(Math.round(255 * (0 + 1350) / 1500.0), ball, 1);
        assertEquals(Math.round(255 * (-850 + 1350) / 1500.0), lung, 1);
        int r = KeySliceOverlay.outlineRadiusPx(volume, nodule);
        int yellow = 0;
        for (int a = 0; a < 360; a += 10) {
            for (int dr = -2; dr <= 2; dr++) {
                int x = (int) Math.round(cx + (r + dr) * Math.cos(Math.toRadians(a)));
                int y = (int) Math.round(cy + (r + dr) * Math.sin(Math.toRadians(a)));
                if ((png.getRGB(x, y) & 0xffffff) == (KeySliceOverlay.NODULE_COLOUR.getRGB() & 0xffffff)) {
                    yellow++;
                    break;
                }
            }
        }
        assertTrue(yellow >= 34, "the outline runs all round the finding: " + yellow + " of 36 directions");
        assertFalse((png.getRGB(cx, cy) & 0xffffff) == (KeySliceOverlay.NODULE_COLOUR.getRGB() & 0xffffff),
                "the finding itself is not painted over");
        BufferedImage fluid = ImageIO.read(dir.resolve("overlays/F2-effusion.png").toFile());
        boolean cyan = false;
        for (int y = 0; y < fluid.getHeight() && !cyan; y++) {
            for (int x = 0; x < fluid.getWidth() && !cyan; x++) {
                cyan = (fluid.getRGB(x, y) & 0xffffff) == (KeySliceOverlay.EFFUSION_COLOUR.getRGB() & 0xffffff);
            }
        }
        assertTrue(cyan, "an effusion is outlined in cyan");
    }

    @Test
    void outlinesASegmentedFindingJustOutsideItsVoxelsOnTheKeySlice() {
        // the ball's own voxels, as a segmentation would give them
        BitSet voxels = new BitSet();
        for (int k = 0; k < volume.depth(); k++) {
            for (int j = 0; j < SIZE; j++) {
                for (int i = 0; i < SIZE; i++) {
                    if (volume.value(i, j, k) == 0f) {
                        voxels.set(VoxelRegion.index(volume, i, j, k));
                    }
                }
            }
        }
        Footprint footprint = new VoxelRegion(volume, voxels).footprint();
        Finding segmented = new Finding("nodule", 0.93, false, nodule.centreVoxel(), nodule.centreMm(),
                nodule.boundingBox(), 8.0, 8.5, 0.268, nodule.supportingSlices(), nodule.provenance(), footprint);
        BufferedImage png = KeySliceOverlay.render(volume, segmented, "F1");
        int scale = KeySliceOverlay.scaleFor(SIZE);
        int yellow = KeySliceOverlay.NODULE_COLOUR.getRGB() & 0xffffff;
        int ring = 0;
        // the ball (radius 4 voxels at column 40, row 20) and one voxel round it; the label is above
        for (int j = 15; j <= 25; j++) {
            for (int i = 35; i <= 45; i++) {
                boolean inside = footprint.contains(i, j, BALL_SLICE);
                boolean besideInside = !inside && (footprint.contains(i - 1, j, BALL_SLICE)
                        || footprint.contains(i + 1, j, BALL_SLICE) || footprint.contains(i, j - 1, BALL_SLICE)
                        || footprint.contains(i, j + 1, BALL_SLICE));
                // every pixel of the voxel's block: the class colour exactly on the ring, never inside
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        boolean painted = (png.getRGB(i * scale + dx, j * scale + dy) & 0xffffff) == yellow;
                        assertEquals(besideInside, painted, "voxel " + i + "," + j);
                    }
                }
                ring += besideInside ? 1 : 0;
            }
        }
        assertTrue(ring >= 16, "a ring all round the ball: " + ring + " voxels");
    }

    @Test
    void leavesNoTemporaryFileBehind(@TempDir Path dir) throws Exception {
        write(dir);
        try (Stream<Path> files = Files.walk(dir)) {
            List<String> tmp = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList();
            assertEquals(List.of(), tmp);
        }
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("findings.json");
        Files.writeString(target, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write("half".getBytes(StandardCharsets.UTF_8));
            throw new IOException("cancelled");
        }));
        assertEquals("old", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(target), files.toList());
        }
    }

    @Test
    void writesPlainNumbersAndQuotesWhatNeedsIt() {
        CsvTable t = new CsvTable(List.of("a", "b", "c", "d"));
        t.add(Arrays.asList(1234567.0, 0.000123456789, "x,\"y\"", Double.NaN));
        t.add(Arrays.asList(100000.0, null, "plain", 150.0));
        String text = new String(t.toBytes(), StandardCharsets.UTF_8);
        assertEquals("a,b,c,d\r\n1234570,0.000123457,\"x,\"\"y\"\"\",\r\n100000,,plain,150\r\n", text);
        assertThrows(IllegalArgumentException.class, () -> t.add(List.of(1)));
    }
}
