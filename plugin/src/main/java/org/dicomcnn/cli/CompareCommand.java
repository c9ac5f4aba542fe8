package org.dicomcnn.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.report.ComparisonDocument;
import org.dicomcnn.report.ReportWriter;
import org.dicomcnn.temporal.GrowthCriterion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dicomcnn compare}: for each patient under a folder, compares the current study with its
 * comparable priors and lists every tracked lesion's change.
 *
 * <pre>
 * dicomcnn compare sample-dicom/studies
 * dicomcnn compare --criterion fleischner-2017 --json /data/studies &gt; comparison.json
 * </pre>
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"For each patient under FOLDER, compare the current study with its priors: track lesions, "
                + "judge growth by a criterion, estimate volume doubling times.",
            "Research use only; not for clinical use."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every patient handled (patients without a comparable prior are reported)",
            "1:some files, studies or series could not be used (listed)", "2:usage error",
            "3:no DICOM found, or the model bundle is unusable"})
final class CompareCommand implements Callable<Integer> {

    /** Schema of the {@code --json} document. */
    static final String SCHEMA = "dicomcnn.compare-run/1";

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder (searched recursively) of one or more patients.")
    Path folder;

    @Mixin
    ModelSetup modelSetup;

    @Mixin
    CriterionOption criterionOption;

    @Option(names = "--json", description = "Print a JSON document (docs/output-schemas.md) instead of the tables; "
            + "no progress bar.")
    boolean json;

    @Option(names = "--verbose", description = "Log progress details to standard error.")
    boolean verbose;

    /**
     * @param patientKey the patient's pseudonymous key ({@link org.dicomcnn.report.PatientKeys}; no name or ID)
     * @param compared whether the current study was compared with a prior
     * @param reason why not, or null
     * @param comparison the comparison, or null
     * @param problems studies or series that could not be used, and why
     */
    record JsonPatient(String patientKey, boolean compared, String reason, ComparisonDocument comparison,
            List<String> problems) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GrowthCriterion rule = criterionOption.criterion(spec.commandLine());
        var device = modelSetup.device(spec.commandLine());
        int exit = PatientRun.open("compare", folder, modelSetup, device, rule, false, !json && System.console() != null,
                err, run -> {
                    Manifest m = run.manifest();
                    if (!json) {
                        out.printf(Locale.ROOT, "model %s %s (sha256 %s) on %s; criterion %s; research use only%n",
                                m.name(), m.version(), m.weights().sha256().substring(0, 12), run.runtime().device(),
                                rule.cliName());
                    }
                    boolean failures = false;
                    List<JsonPatient> patients = new ArrayList<>();
                    for (PatientRef p : run.index().patients()) {
                        PatientRun.Outcome o = run.patients().run(p, run.progress());
                        run.progress().close();
                        failures |= !o.problems().isEmpty();
                        JsonPatient jp = new JsonPatient(o.patientKey(), o.compared(), o.reason(),
                                o.compared() ? ComparisonDocument.of(o.comparison()) : null, o.problems());
                        patients.add(jp);
                        if (!json) {
                            printPatient(out, jp);
                            out.flush();
                        }
                        o.problems().forEach(pr -> err.println("dicomcnn compare: " + pr));
                    }
                    List<String> fileProblems = run.index().problems().stream().map(Object::toString).toList();
                    fileProblems.forEach(pr -> err.println("dicomcnn compare: file not used: " + pr));
                    if (json) {
                        out.println(ReportWriter.mapper().writeValueAsString(
                                PatientRun.RunDocument.of(SCHEMA, run, rule, patients, fileProblems)));
                    } else {
                        printSummary(out, patients, fileProblems.size());
                    }
                    return failures;
                });
        out.flush();
        return exit;
    }

    private static void printPatient(PrintWriter out, JsonPatient p) {
        out.printf(Locale.ROOT, "%nPatient [key %s]%n", p.patientKey());
        if (!p.compared()) {
            out.println("  not compared: " + p.reason());
            return;
        }
        ComparisonDocument c = p.comparison();
        ComparisonDocument.Study current = c.studies().get(c.studies().size() - 1);
        out.printf(Locale.ROOT, "  current study %s (%s), %d prior(s) compared%n", current.studyInstanceUid(),
                current.studyDate(), c.studies().size() - 1);
        for (ComparisonDocument.Study s : c.studies().subList(0, c.studies().size() - 1)) {
            out.printf(Locale.ROOT, "  prior   study %s (%s), registration correlation %s%n", s.studyInstanceUid(),
                    s.studyDate(), s.registrationCorrelation() == null ? "-"
                            : String.format(Locale.ROOT, "%.3f", s.registrationCorrelation()));
        }
        ComparisonTable.print(out, c, "  ");
        c.notes().forEach(n -> out.println("  note: " + n));
    }

    private static void printSummary(PrintWriter out, List<JsonPatient> patients, int fileProblems) {
        long compared = patients.stream().filter(JsonPatient::compared).count();
        long grown = patients.stream().filter(JsonPatient::compared)
                .flatMap(p -> p.comparison().lesions().stream().map(l -> p.comparison().currentChange(l)))
                .filter(ch -> ch != null && ch.status().equals("GROWN")).count();
        out.printf(Locale.ROOT, "%n%d patient(s), %d compared with a prior, %d lesion(s) grown since the latest prior"
                + "%s%n", patients.size(), compared, grown,
                fileProblems == 0 ? "" : String.format(Locale.ROOT, ", %d file(s) not used", fileProblems));
    }
}
