package org.dicomcnn.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pixelmed.dicom.AttributeList;
import com.pixelmed.dicom.SOPClass;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.samples.testing.ExternalTool;
import org.dicomcnn.testing.TestImages;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged and lying files: each gives one clear per-file problem naming the file and the reason,
 * the rest of the series still loads, no patient identifier appears in the message, and nothing
 * is allocated in proportion to a declared size the file does not hold (the suite runs with a
 * 2 GB heap; several cases declare gigabytes to terabytes).
 */
class MalformedInputTest {

    private static final int COLUMNS = 96;
    private static final int ROWS = 80;
    private static final int SLICES = 8;
    private static final String KEY = "malformed";

    @TempDir
    static Path dir;

    private static Path good;

    @BeforeAll
    static void writeGoodSeries() throws Exception {
        good = Files.createDirectories(dir.resolve("good"));
        for (int s = 0; s < SLICES; s++) {
            Files.write(good.resolve("IM" + (s + 1)), slice(s, ROWS, 0));
        }
    }

    /** Slice {@code s} of the series as file bytes; {@code declaredRows}/{@code frames} may lie. */
    private static byte[] slice(int s, int declaredRows, int frames) throws Exception {
        AttributeList l = TestImages.identity(KEY, SOPClass.CTImageStorage, "CT", s + 1, new double[] {0, 0, 3.0 * s},
                TestImages.AXIAL);
        TestImages.pixels(l, ROWS, COLUMNS, 1, "MONOCHROME2", 16, 12, false, 0, frames,
                TestImages.ctPattern(COLUMNS, ROWS, s, 9));
        TestImages.put(l, com.pixelmed.dicom.TagFromName.Rows, Integer.toString(declaredRows));
        Path tmp = Files.createTempFile(dir, "slice", ".dcm");
        TestImages.write(l, tmp);
        return Files.readAllBytes(tmp);
    }

    /** The damaged third slice of the series. */
    interface Damage {
        byte[] make() throws Exception;
    }

    static Stream<Arguments> damagedFiles() {
        List<Arguments> a = new ArrayList<>();
        a.add(Arguments.of("empty file", (Damage) () -> new byte[0], "empty file (0 bytes)"));
        a.add(Arguments.of("truncated in the pixel data", (Damage) () -> cut(slice(2, ROWS, 0), 5000),
                "Pixel Data declares 15360 bytes but only"));
        a.add(Arguments.of("truncated in the header", (Damage) () -> java.util.Arrays.copyOf(slice(2, ROWS, 0), 400),
                "truncated"));
        a.add(Arguments.of("damaged DICM prefix", (Damage) () -> {
            byte[] b = slice(2, ROWS, 0);
            b[131] = 'X';
            return b;
        }, "DICM prefix at offset 128 is missing or damaged"));
        a.add(Arguments.of("element declaring 2 GB", (Damage) () -> {
            byte[] b = slice(2, ROWS, 0);
            int i = indexOf(b, new byte[] {0x02, 0x00, 0x01, 0x00, 'O', 'B'});
            putInt(b, i + 8, 0x7FFFFFF0);
            return b;
        }, "element (0002,0001) declares 2147483632 bytes but only"));
        a.add(Arguments.of("pixel data shorter than the header says", (Damage) () -> slice(2, 2 * ROWS, 0),
                "Pixel Data holds 15360 bytes but 1 frame(s) of 96 x 160 x 1 samples of 16 bits need 30720"));
        a.add(Arguments.of("65535 x 65535 x 1000 frames in a small file", (Damage) () -> {
            Path f = writeTemp(slice(2, ROWS, 1));
            ExternalTool.run("dcmodify", "-nb", "-m", "(0028,0010)=65535", "-m", "(0028,0011)=65535",
                    "-m", "(0028,0008)=1000", f.toString());
            return Files.readAllBytes(f);
        }, "(8.0 GiB) exceeds the 256 MiB limit per frame"));
        a.add(Arguments.of("1000 frames declared, 1 present", (Damage) () -> {
            Path f = writeTemp(slice(2, ROWS, 1));
            ExternalTool.run("dcmodify", "-nb", "-m", "(0028,0008)=1000", f.toString());
            return Files.readAllBytes(f);
        }, "Pixel Data holds 15360 bytes but 1000 frame(s)"));
        a.add(Arguments.of("corrupt RLE segment table", (Damage) () -> {
            byte[] b = encode(slice(2, ROWS, 0), "dcmcrle");
            int item = secondItem(b);
            putInt(b, item + 8, 7); // number of segments: 7 instead of 2
            return b;
        }, "RLE header declares 7 segments, 2 expected"));
        a.add(Arguments.of("corrupt JPEG 2000 codestream", (Damage) () -> {
            byte[] b = encode(slice(2, ROWS, 0), "gdcmconv", "--j2k");
            int item = secondItem(b);
            b[item + 8] = 0;
            b[item + 9] = 0;
            return b;
        }, "JPEG 2000 frame starts with neither an SOC marker"));
        a.add(Arguments.of("fragment declaring 2 GB", (Damage) () -> {
            byte[] b = encode(slice(2, ROWS, 0), "dcmcrle");
            putInt(b, secondItem(b) + 4, 0x7FFFFFF0);
            return b;
        }, "fragment 0 of encapsulated Pixel Data declares 2147483632 bytes but only"));
        a.add(Arguments.of("1000 frames in one RLE fragment", (Damage) () -> {
            Path f = writeTemp(encode(slice(2, ROWS, 1), "dcmcrle"));
            ExternalTool.run("dcmodify", "-nb", "-m", "(0028,0008)=1000", f.toString());
            return Files.readAllBytes(f);
        }, "header declares 1000 frames but encapsulated Pixel Data holds only 1 fragment(s)"));
        return a.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("damagedFiles")
    void reportsTheDamagedFileAndLoadsTheRest(String name, Damage damage, String expectedReason) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name.replaceAll("[^a-z0-9]", "_")));
        for (int s = 1; s <= SLICES; s++) {
            if (s != 3) {
                Files.copy(good.resolve("IM" + s), folder.resolve("IM" + s));
            }
        }
        Path bad = folder.resolve("IM3");
        Files.write(bad, damage.make());

        DicomIndex index = DicomIndex.scan(folder, ProgressListener.NONE);
        List<FileProblem> problems = new ArrayList<>(index.problems());
        SeriesVolumes loaded = new SeriesLoader(2).load(index.allSeries().get(0), ProgressListener.NONE);
        problems.addAll(loaded.problems());

        assertEquals(1, problems.size(), "exactly one problem: " + problems);
        FileProblem p = problems.get(0);
        assertEquals(bad, p.file());
        assertTrue(p.reason().contains(expectedReason), "reason: " + p.reason());
        assertFalse(p.toString().contains("TEST^") || p.toString().contains("TEST-"), "identifier in: " + p);
        assertEquals(1, loaded.volumes().size());
        assertEquals(SLICES - 1, loaded.volumes().get(0).depth(), "the good slices load");
        assertTrue(loaded.notes().stream().anyMatch(n -> n.contains("gap")), "the missing slice is reported: " + loaded.notes());
    }

    @Test
    void countsNonDicomFilesWithoutListingThemAsProblems() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(good.resolve("IM1"), folder.resolve("IM1"));
        Files.writeString(folder.resolve("notes.txt"), "not an image", StandardCharsets.UTF_8);
        Files.write(folder.resolve("random.bin"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
        DicomIndex index = DicomIndex.scan(folder, ProgressListener.NONE);
        assertEquals(2, index.nonDicomFiles());
        assertEquals(List.of(), index.problems());
        assertEquals(1, index.allSeries().size());
    }

    @Test
    void readsADataSetWithoutPreambleOrMetaInformation() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("bare"));
        Path bare = folder.resolve("IM1");
        ExternalTool.run("dcmconv", "-F", "+ti", good.resolve("IM1").toString(), bare.toString());
        assertFalse(new String(Files.readAllBytes(bare), StandardCharsets.ISO_8859_1).startsWith("DICM", 128));
        DicomFile f = DicomFileReader.read(bare);
        float[] v = FrameReader.read(f, ImageDescription.of(f), 0);
        int[] expected = TestImages.ctPattern(COLUMNS, ROWS, 0, 9);
        for (int i = 0; i < v.length; i++) {
            assertEquals(expected[i], v[i], 0);
        }
    }

    private static byte[] cut(byte[] b, int bytes) {
        return java.util.Arrays.copyOf(b, b.length - bytes);
    }

    private static Path writeTemp(byte[] b) throws IOException {
        Path f = Files.createTempFile(dir, "bad", ".dcm");
        Files.write(f, b);
        return f;
    }

    private static byte[] encode(byte[] b, String... command) throws IOException {
        Path in = writeTemp(b);
        Path out = Files.createTempFile(dir, "enc", ".dcm");
        List<String> c = new ArrayList<>(List.of(command));
        c.add(in.toString());
        c.add(out.toString());
        ExternalTool.run(c.toArray(String[]::new));
        return Files.readAllBytes(out);
    }

    /** Offset of the second item tag after Pixel Data: the first fragment (the first is the offset table). */
    private static int secondItem(byte[] b) {
        byte[] item = {(byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0xE0};
        int pixel = indexOf(b, new byte[] {(byte) 0xE0, 0x7F, 0x10, 0x00});
        int first = indexOf(b, item, pixel);
        return indexOf(b, item, first + 4);
    }

    private static int indexOf(byte[] b, byte[] pattern) {
        return indexOf(b, pattern, 0);
    }

    private static int indexOf(byte[] b, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= b.length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (b[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }

    private static void putInt(byte[] b, int at, int v) {
        for (int k = 0; k < 4; k++) {
            b[at + k] = (byte) (v >>> (8 * k));
        }
    }
}
