package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.pipeline.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dicomcnn generate-samples} passes its arguments to the phantom generator and reports its outcome. */
class GenerateSamplesCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void writesAPhantomPatientThatIndexes(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("phantoms");
        Run r = run("generate-samples", "--out", out.toString(), "--patients", "1", "--studies", "2", "--matrix", "128",
                "--slices", "24", "--seed", "3", "--threads", "2");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("wrote "), r.out());
        DicomIndex index = DicomIndex.scan(out, ProgressListener.NONE);
        assertEquals(1, index.patients().size());
        assertEquals(2, index.patients().get(0).studies().size());
        try (Stream<Path> files = Files.walk(out)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().equals("ground-truth.json")));
        }
    }

    @Test
    void passesTheGeneratorsUsageErrorOn(@TempDir Path dir) {
        Run r = run("generate-samples", "--out", dir.toString(), "--patients", "many");
        assertEquals(ExitCodes.USAGE, r.exitCode());
        assertTrue(r.err().contains("--patients: 'many' is not an integer"), r.err());
    }
}
