package org.dicomcnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.FileProblem;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.dicom.WindowPreset;
import org.dicomcnn.report.PatientKeys;
import org.dicomcnn.volume.Geometry;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dicomcnn index}: scans a folder tree, lists patients, studies and series, and with
 * {@code --load} builds every image series into volumes and summarises them.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = {"Scan a folder of DICOM files and list patients, studies and series.",
            "With --load, also decode every image series into volumes and summarise them."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:all files were used", "1:some files or series could not be used (listed)",
            "2:usage error", "3:no DICOM found"})
final class IndexCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder (searched recursively) or single file.")
    Path folder;

    @Option(names = "--load", description = "Decode every image series into volumes and summarise them.")
    boolean load;

    @Option(names = "--json", description = "Print a JSON document instead of the summary; no progress bar.")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", description = "Decoding threads (default: all processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--show-identifiers",
            description = "Show patient ID and name; by default a patient is shown as its pseudonymous key (docs/output-schemas.md).")
    boolean showIdentifiers;

    @Option(names = "--verbose", description = "Log progress details to standard error.")
    boolean verbose;

    private PatientKeys keys;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(folder)) {
            err.println("dicomcnn index: " + folder + " does not exist");
            return ExitCodes.NO_INPUT;
        }
        if (threads < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--threads must be at least 1, not " + threads);
        }
        try {
            keys = PatientKeys.ofInstallation();
        } catch (IOException e) {
            err.println("dicomcnn index: " + e.getMessage());
            return ExitCodes.NO_INPUT;
        }
        long start = System.nanoTime();
        DicomIndex index;
        List<SeriesReport> reports = new ArrayList<>();
        try (TerminalProgress progress = new TerminalProgress(!json && System.console() != null, System.err)) {
            index = DicomIndex.scan(folder, threads, progress);
            if (load) {
                SeriesLoader loader = new SeriesLoader(threads);
                for (SeriesRef s : index.allSeries()) {
                    if (s.isImageSeries()) {
                        long t0 = System.nanoTime();
                        SeriesVolumes v = loader.load(s, progress);
                        reports.add(SeriesReport.of(v, (System.nanoTime() - t0) / 1e9));
                    }
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (json) {
            printJson(out, index, reports, seconds);
        } else {
            printSummary(out, index, reports, seconds);
        }
        out.flush();
        if (index.patients().isEmpty()) {
            err.println("dicomcnn index: no DICOM image found under " + folder);
            return ExitCodes.NO_INPUT;
        }
        boolean failures = !index.problems().isEmpty() || reports.stream().anyMatch(r -> !r.problems().isEmpty()
                || r.volumes().isEmpty());
        return failures ? ExitCodes.SOME_INPUT_FAILED : ExitCodes.OK;
    }

    /** One loaded series, as printed and as JSON. */
    record SeriesReport(String seriesInstanceUid, List<VolumeReport> volumes, List<String> notes,
            List<ProblemReport> problems, double loadSeconds) {
        static SeriesReport of(SeriesVolumes v, double seconds) {
            return new SeriesReport(v.series().seriesInstanceUid(), v.volumes().stream().map(VolumeReport::of).toList(),
                    v.notes(), v.problems().stream().map(ProblemReport::of).toList(), seconds);
        }
    }

    /** A volume's shape, spacing and value range. */
    record VolumeReport(int columns, int rows, int slices, int channels, double columnSpacingMm, double rowSpacingMm,
            double sliceSpacingMm, boolean uniformSpacing, boolean positionsFromFiles, String unit, float minValue,
            float maxValue, List<WindowPreset> windows) {
        static VolumeReport of(Volume v) {
            Geometry g = v.geometry();
            float[] range = v.range();
            return new VolumeReport(g.columns(), g.rows(), g.slices(), v.channels(), g.columnSpacingMm(),
                    g.rowSpacingMm(), g.sliceSpacingMm(), g.isUniform(), g.isFromPatientPositions(), v.info().unit(),
                    range[0], range[1], v.info().windows());
        }
    }

    /** A file that could not be used. */
    record ProblemReport(String file, String reason) {
        static ProblemReport of(FileProblem p) {
            return new ProblemReport(p.file().toString(), p.reason());
        }
    }

    private void printSummary(PrintWriter out, DicomIndex index, List<SeriesReport> reports, double seconds) {
        long series = index.allSeries().size();
        long studies = index.patients().stream().mapToLong(p -> p.studies().size()).sum();
        out.printf(Locale.ROOT, "%s: %d files in %.1f s: %d patient(s), %d study(ies), %d series; %d non-DICOM file(s), "
                + "%d problem(s)%n", index.root(), index.filesScanned(), seconds, index.patients().size(), studies, series,
                index.nonDicomFiles(), index.problems().size());
        int n = 0;
        for (PatientRef p : index.patients()) {
            out.printf(Locale.ROOT, "%nPatient %d %s, %d study(ies)%n", ++n, patientLabel(p), p.studies().size());
            for (StudyRef st : p.studies()) {
                out.printf(Locale.ROOT, "  Study %s %s \"%s\"%n", st.studyDate() == null ? "(no date)" : st.studyDate(),
                        st.studyTime() == null ? "" : st.studyTime().withNano(0), st.description());
                for (SeriesRef se : st.series()) {
                    out.printf(Locale.ROOT, "    Series %d %s %s \"%s\": %d image(s) in %d file(s)%n", se.seriesNumber(),
                            se.modality(), se.bodyPart(), se.description(), se.imageCount(), se.instances().size());
                    reports.stream().filter(r -> r.seriesInstanceUid().equals(se.seriesInstanceUid())).findFirst()
                            .ifPresent(r -> printLoaded(out, r));
                }
            }
        }
        if (!index.problems().isEmpty()) {
            out.printf(Locale.ROOT, "%nFiles not used:%n");
            index.problems().forEach(p -> out.println("  " + p));
        }
    }

    private static void printLoaded(PrintWriter out, SeriesReport r) {
        for (VolumeReport v : r.volumes()) {
            out.printf(Locale.ROOT, "      volume %d x %d x %d%s, %.2f x %.2f x %.2f mm%s, %s %.0f..%.0f%s (%.2f s)%n",
                    v.columns(), v.rows(), v.slices(), v.channels() == 3 ? " RGB" : "", v.columnSpacingMm(),
                    v.rowSpacingMm(), v.sliceSpacingMm(), v.uniformSpacing() ? "" : " (uneven)",
                    v.unit().isEmpty() ? "values" : v.unit(), v.minValue(), v.maxValue(), windows(v.windows()),
                    r.loadSeconds());
        }
        r.notes().forEach(note -> out.println("      note: " + note));
        r.problems().forEach(p -> out.println("      problem: " + p.file() + ": " + p.reason()));
    }

    private static String windows(List<WindowPreset> windows) {
        if (windows.isEmpty()) {
            return "";
        }
        List<String> w = windows.stream().map(p -> String.format(Locale.ROOT, "%s%.0f/%.0f",
                p.explanation().isEmpty() ? "" : p.explanation() + " ", p.centre(), p.width())).toList();
        return ", windows " + String.join(", ", w);
    }

    private String patientLabel(PatientRef p) {
        if (showIdentifiers) {
            return "ID " + p.patientId() + " name " + p.patientName();
        }
        return "[key " + keys.keyOf(p) + "]";
    }

    private void printJson(PrintWriter out, DicomIndex index, List<SeriesReport> reports, double seconds)
            throws IOException {
        List<Object> patients = new ArrayList<>();
        for (PatientRef p : index.patients()) {
            List<Object> studies = new ArrayList<>();
            for (StudyRef st : p.studies()) {
                List<Object> series = new ArrayList<>();
                for (SeriesRef se : st.series()) {
                    SeriesReport r = reports.stream().filter(x -> x.seriesInstanceUid().equals(se.seriesInstanceUid()))
                            .findFirst().orElse(null);
                    series.add(new JsonSeries(se.seriesInstanceUid(), se.seriesNumber(), se.modality(), se.description(),
                            se.bodyPart(), se.frameOfReferenceUid(), se.imageCount(), se.instances().size(),
                            r == null ? null : r.volumes(), r == null ? null : r.notes(), r == null ? null : r.problems()));
                }
                studies.add(new JsonStudy(st.studyInstanceUid(), st.studyDate() == null ? null : st.studyDate().toString(),
                        st.studyTime() == null ? null : st.studyTime().toString(), st.description(), series));
            }
            patients.add(new JsonPatient(keys.keyOf(p),
                    showIdentifiers ? p.patientId() : null, showIdentifiers ? p.patientName() : null, studies));
        }
        JsonIndex doc = new JsonIndex(index.root().toString(), index.filesScanned(), index.nonDicomFiles(),
                index.directoryFiles(), seconds, patients, index.problems().stream().map(ProblemReport::of).toList());
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        out.println(mapper.writeValueAsString(doc));
    }

    record JsonIndex(String root, int filesScanned, int nonDicomFiles, int directoryFiles, double elapsedSeconds,
            List<Object> patients, List<ProblemReport> problems) {}

    record JsonPatient(String patientKey, String patientId, String patientName, List<Object> studies) {}

    record JsonStudy(String studyInstanceUid, String studyDate, String studyTime, String description, List<Object> series) {}

    record JsonSeries(String seriesInstanceUid, int seriesNumber, String modality, String description, String bodyPart,
            String frameOfReferenceUid, int imageCount, int fileCount, List<VolumeReport> volumes, List<String> notes,
            List<ProblemReport> problems) {}
}
