package org.dicomcnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.report.AtomicFiles;
import org.dicomcnn.report.ComparisonDocument;
import org.dicomcnn.report.CsvTable;
import org.dicomcnn.report.FindingsDocument;
import org.dicomcnn.report.ModelFields;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.temporal.GrowthCriterion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dicomcnn export}: classifies every study under a folder, compares each patient's
 * current study with its priors, and writes the results per study into an output folder
 * ({@link ReportWriter}: findings JSON and CSV, key-slice overlay PNGs, the comparison JSON and
 * CSV in the current study's folder), plus {@value #RUN_JSON} and {@value #COMPARISONS_CSV} for
 * the whole run; then prints a short summary. Study folders are named by Study Instance UID, so
 * that no file name holds a patient's name or ID.
 *
 * <pre>
 * dicomcnn export --out results sample-dicom/studies
 * </pre>
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Classify and compare every patient under FOLDER and write per-study results (JSON, CSV, "
                + "overlay PNGs, the temporal comparison) into --out, one folder per study named by its Study "
                + "Instance UID.", "Research use only; not for clinical use."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every study exported", "1:some files, studies or series could not be used (listed), or "
                + "a result could not be written", "2:usage error", "3:no DICOM found, or the model bundle is unusable"})
final class ExportCommand implements Callable<Integer> {

    /** The run's summary document, at the top of the output folder. */
    static final String RUN_JSON = "run.json";

    /** Every patient's comparison rows in one table, at the top of the output folder. */
    static final String COMPARISONS_CSV = "comparisons.csv";

    /** Schema of {@value #RUN_JSON}. */
    static final String SCHEMA = "dicomcnn.export-run/1";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder (searched recursively) of one or more patients.")
    Path folder;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output folder (created; files of an earlier run are replaced).")
    Path outDir;

    @Mixin
    ModelSetup modelSetup;

    @Mixin
    CriterionOption criterionOption;

    @Option(names = "--no-overlays", description = "Do not draw key-slice overlay PNGs.")
    boolean noOverlays;

    @Option(names = "--json", description = "Print the run document (" + RUN_JSON + ") instead of the summary; "
            + "no progress bar.")
    boolean json;

    @Option(names = "--verbose", description = "Log progress details to standard error.")
    boolean verbose;

    /**
     * @param patientKey the patient's pseudonymous key ({@link org.dicomcnn.report.PatientKeys}; no name or ID)
     * @param compared whether the current study was compared with a prior
     * @param reason why not, or null
     * @param currentStudyInstanceUid the study whose folder holds the comparison; null when not compared
     * @param studies the studies exported
     * @param statusCounts tracked lesions by their status from the latest prior to the current study
     * @param problems studies or series that could not be used, and why
     */
    record ExportPatient(String patientKey, boolean compared, String reason, String currentStudyInstanceUid,
            List<ExportStudy> studies, Map<String, Integer> statusCounts, List<String> problems) {}

    /**
     * @param studyInstanceUid the study
     * @param studyDate its date, ISO 8601, or null
     * @param folder its folder, relative to the output folder
     * @param findings findings written (the model's and those looked back for)
     * @param files files written, relative to the study folder
     */
    record ExportStudy(String studyInstanceUid, String studyDate, String folder, int findings, List<String> files) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GrowthCriterion rule = criterionOption.criterion(spec.commandLine());
        var device = modelSetup.device(spec.commandLine());
        int exit = PatientRun.open("export", folder, modelSetup, device, rule, true, !json && System.console() != null,
                err, run -> {
                    Manifest m = run.manifest();
                    List<ExportPatient> patients = new ArrayList<>();
                    List<String> problems = new ArrayList<>();
                    List<ComparisonDocument> comparisons = new ArrayList<>();
                    run.index().problems().forEach(p -> problems.add("file not used: " + p));
                    Files.createDirectories(outDir);
                    for (PatientRef p : run.index().patients()) {
                        PatientRun.Outcome o = run.patients().run(p, run.progress());
                        run.progress().close();
                        ExportPatient written = write(o, comparisons, problems);
                        patients.add(written);
                        written.problems().forEach(pr -> err.println("dicomcnn export: " + pr));
                    }
                    problems.forEach(pr -> err.println("dicomcnn export: " + pr));
                    boolean failures = !problems.isEmpty() || patients.stream().anyMatch(p -> !p.problems().isEmpty());
                    PatientRun.RunDocument<ExportPatient> doc = PatientRun.RunDocument.of(SCHEMA, run, rule, patients,
                            problems);
                    AtomicFiles.write(outDir.resolve(RUN_JSON), o -> ReportWriter.mapper().writeValue(o, doc));
                    writeComparisons(new ModelFields(m.name(), m.version(), m.weights().sha256()), comparisons);
                    if (json) {
                        out.println(ReportWriter.mapper().writeValueAsString(doc));
                    } else {
                        printSummary(out, doc, comparisons);
                    }
                    return failures;
                });
        out.flush();
        return exit;
    }

    /** Writes a patient's study folders; a study that cannot be written is a problem, the rest goes on. */
    private ExportPatient write(PatientRun.Outcome o, List<ComparisonDocument> comparisons, List<String> problems) {
        List<ExportStudy> studies = new ArrayList<>();
        ComparisonDocument comparison = o.compared() ? ComparisonDocument.of(o.comparison()) : null;
        for (PatientRun.AnalysedStudy s : o.studies()) {
            String uid = s.study().studyInstanceUid();
            String name = folderName(uid);
            Path dir = outDir.resolve(name);
            try {
                FindingsDocument doc = FindingsDocument.of(s.analysis(), s.date(), s.lookedBack(),
                        !noOverlays && s.volume() != null);
                List<Path> files = new ArrayList<>(ReportWriter.writeFindings(dir, doc, s.volume(), s.findings()));
                if (comparison != null && comparison.currentStudyInstanceUid().equals(uid)) {
                    files.addAll(ReportWriter.writeComparison(dir, comparison));
                }
                studies.add(new ExportStudy(uid, s.date() == null ? null : s.date().toString(), name,
                        doc.findings().size(), files.stream().map(f -> dir.relativize(f).toString()).toList()));
            } catch (IOException e) {
                problems.add("study " + uid + ": results could not be written to " + dir + ": " + e.getMessage());
            }
        }
        Map<String, Integer> counts = new TreeMap<>();
        if (comparison != null) {
            comparisons.add(comparison);
            for (ComparisonDocument.Lesion l : comparison.lesions()) {
                ComparisonDocument.Change ch = comparison.currentChange(l);
                if (ch != null) {
                    counts.merge(ch.status(), 1, Integer::sum);
                }
            }
        }
        return new ExportPatient(o.patientKey(), o.compared(), o.reason(),
                comparison == null ? null : comparison.currentStudyInstanceUid(), studies, counts, o.problems());
    }

    /** Every patient's comparison rows in one CSV, under the same columns as each comparison.csv. */
    private void writeComparisons(ModelFields model, List<ComparisonDocument> comparisons) throws IOException {
        List<ComparisonDocument.Change> rows = comparisons.stream().flatMap(c -> c.changeRows().stream()).toList();
        CsvTable csv = ReportWriter.table(model, ComparisonDocument.Change.class, rows);
        AtomicFiles.write(outDir.resolve(COMPARISONS_CSV), o -> o.write(csv.toBytes()));
    }

    /** A UID is digits and dots; anything else (from a damaged header) becomes '_' so the name stays a plain folder. */
    static String folderName(String studyInstanceUid) {
        String name = studyInstanceUid.replaceAll("[^0-9A-Za-z.\\-]", "_");
        return name.isEmpty() || name.startsWith(".") ? "_" + name : name;
    }

    private void printSummary(PrintWriter out, PatientRun.RunDocument<ExportPatient> run,
            List<ComparisonDocument> comparisons) {
        out.printf(Locale.ROOT, "model %s %s (sha256 %s) on %s; criterion %s; research use only, not for clinical use%n",
                run.modelName(), run.modelVersion(), run.modelSha256().substring(0, 12), run.device(), run.criterion());
        int studies = 0;
        for (ExportPatient p : run.patients()) {
            studies += p.studies().size();
            out.printf(Locale.ROOT, "%nPatient [key %s]: %d study(ies) exported%n", p.patientKey(), p.studies().size());
            if (!p.compared()) {
                out.println("  not compared: " + p.reason());
                continue;
            }
            ComparisonDocument c = comparisons.stream()
                    .filter(d -> d.currentStudyInstanceUid().equals(p.currentStudyInstanceUid())).findFirst().orElseThrow();
            List<ComparisonDocument.Study> s = c.studies();
            out.printf(Locale.ROOT, "  current study %s compared with %s: %s%n", s.get(s.size() - 1).studyDate(),
                    s.get(s.size() - 2).studyDate(), counts(p.statusCounts()));
            for (ComparisonDocument.Lesion l : c.lesions()) {
                ComparisonDocument.Change ch = c.currentChange(l);
                if (ch != null && (ch.status().equals("GROWN") || ch.fastGrowth())) {
                    out.printf(Locale.ROOT, "  %s %s %s: %.1f -> %.1f mm, %.3f -> %.3f ml, VDT %s days%s%n", l.trackId(),
                            l.findingClass(), ch.status(), ch.priorDiameterMm(), ch.currentDiameterMm(),
                            ch.priorVolumeMl(), ch.currentVolumeMl(), ComparisonTable.vdt(ch),
                            ch.fastGrowth() ? ", FAST GROWTH" : "");
                } else if (ch != null && ch.status().equals("NEW")) {
                    out.printf(Locale.ROOT, "  %s %s NEW: %.1f mm, %.3f ml%n", l.trackId(), l.findingClass(),
                            ch.currentDiameterMm(), ch.currentVolumeMl());
                }
            }
        }
        out.printf(Locale.ROOT, "%n%d patient(s), %d study folder(s) written to %s%s%n", run.patients().size(), studies,
                outDir, run.problems().isEmpty() ? "" : "; " + run.problems().size() + " problem(s), listed above");
    }

    private static String counts(Map<String, Integer> counts) {
        if (counts.isEmpty()) {
            return "no lesion tracked";
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((status, n) -> parts.add(n + " " + status.toLowerCase(Locale.ROOT)));
        return String.join(", ", parts) + " (tracked lesions, latest prior to current)";
    }
}
