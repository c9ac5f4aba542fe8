package org.dicomcnn.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.cohort.GeneratorOptions;
import org.dicomcnn.samples.cohort.Preset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GenerateSamplesTest {

    @TempDir
    Path out;

    @Test
    void parsesEveryOption() {
        GeneratorOptions o = GenerateSamples.parse(new String[] {"--out", "x", "--seed", "9", "--patients", "3",
            "--studies", "4", "--matrix", "256", "--slices", "40", "--slice-thickness", "2.5", "--transfer-syntax",
            "jpeg-lossless", "--extra-series", "1", "--threads", "1", "--previews", "p", "--noise-scale", "0.5",
            "--tree-points=100", "--effusion-fraction", "0.6", "--subsolid-fraction", "0.7"});
        assertEquals(Path.of("x"), o.outputDir());
        assertEquals(9, o.seed());
        assertEquals(3, o.patients());
        assertEquals(4, o.studiesPerPatient());
        assertEquals(256, o.matrix());
        assertEquals(40, o.slices());
        assertEquals(2.5, o.sliceThicknessMm());
        assertEquals(PixelTransferSyntax.JPEG_LOSSLESS_SV1, o.transferSyntax());
        assertEquals(1, o.extraSeries());
        assertEquals(Path.of("p"), o.previewDir());
        assertEquals(0.5, o.noiseScale());
        assertEquals(100, o.treePoints());
        assertEquals(0.6, o.effusionFraction());
        assertEquals(0.7, o.subsolidFraction());
    }

    @Test
    void committedPresetUsesItsFixedSeed() {
        GeneratorOptions o = GenerateSamples.parse(new String[] {"--preset", "committed-samples", "--out", "s"});
        assertEquals(Preset.COMMITTED_SAMPLES, o.preset());
        assertEquals(GeneratorOptions.COMMITTED_SEED, o.seed());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--out x --bogus 1|unknown option --bogus",
        "--out x --matrix big|--matrix: 'big' is not an integer",
        "--out x --slice-thickness thin|--slice-thickness: 'thin' is not a number",
        "--out x --transfer-syntax jpeg-ls|unknown transfer syntax 'jpeg-ls'",
        "--preset committed-samples --out x --matrix 512|--matrix cannot be used with --preset committed-samples",
        "--patients 2|--out is required",
        "--out x --effusion-fraction 2|effusion fraction must be 0..1",
        "--out x --subsolid-fraction -0.1|subsolid fraction must be 0..1",
        "--preset committed-samples --out x --subsolid-fraction 0.5|--subsolid-fraction cannot be used with --preset committed-samples",
        "--out x --seed|--seed needs a value",
        "--out x --extra-series 3|extra series must be 0..2",
        "--out x --out y|--out given twice"})
    void reportsBadArgumentsWithTheOptionAndTheValue(String args, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GenerateSamples.parse(args.split(" ")));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void runWritesASmallCohortAndReportsIt() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = GenerateSamples.run(new String[] {"--out", out.toString(), "--matrix", "32", "--slices", "3",
            "--studies", "2", "--tree-points", "10", "--previews", out.resolve("png").toString()},
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertEquals(0, code, stderr.toString(StandardCharsets.UTF_8));
        assertTrue(stdout.toString(StandardCharsets.UTF_8).contains("wrote 6 DICOM files"), stdout.toString());
        assertTrue(Files.exists(out.resolve("png").resolve("p0001.png")));
        assertEquals(2, GenerateSamples.run(new String[] {"--out"}, new PrintStream(stdout), new PrintStream(stderr)));
    }
}
