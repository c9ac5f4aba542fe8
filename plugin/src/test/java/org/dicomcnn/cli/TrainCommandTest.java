package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * {@code dicomcnn train} passes its arguments to the trainer ({@code dicomcnn-train}), which
 * prints to the console itself: its usage for {@code --help}, a usage error for an unknown
 * option. Training itself is tested in module {@code training}.
 */
class TrainCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
        }
    }

    @Test
    void showsTheTrainersUsage() {
        Run r = run("train", "--help");
        assertEquals(ExitCodes.OK, r.exitCode(), r.err());
        assertTrue(r.out().contains("dicomcnn-train"), r.out());
    }

    @Test
    void passesAnUnknownOptionToTheTrainerWhichRefusesIt() {
        Run r = run("train", "--train", "/nowhere", "--labels", "phantom", "--out", "/nowhere/out", "--no-such-option");
        assertEquals(ExitCodes.USAGE, r.exitCode(), r.out());
        assertTrue(r.err().contains("Unknown option: '--no-such-option'"), r.err());
    }
}
