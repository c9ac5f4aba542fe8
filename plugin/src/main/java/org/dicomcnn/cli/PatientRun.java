package org.dicomcnn.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.PatientComparison;
import org.dicomcnn.pipeline.ProgressListener;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.report.PatientKeys;
import org.dicomcnn.temporal.ComparableSeries;
import org.dicomcnn.temporal.GrowthCriterion;
import org.dicomcnn.temporal.TimePoint;
import org.dicomcnn.temporal.Timeline;
import org.dicomcnn.temporal.Timelines;
import org.dicomcnn.volume.SeriesLoader;
import org.dicomcnn.volume.SeriesVolumes;
import org.dicomcnn.volume.Volume;

/**
 * What {@code compare} and {@code export} do for one patient: build the timeline, compare the
 * current study with its comparable priors ({@link PatientComparison}), and, for export, analyse
 * the studies the comparison did not use. Nothing here prints; the outcome says what was done,
 * what could not be and why, in words that name studies and series by UID, never the patient.
 */
final class PatientRun {

    /**
     * A study analysed, with what its report needs.
     *
     * @param study the study
     * @param date its Study Date, or null
     * @param analysis the model's analysis
     * @param volume the analysed volume, or null when none could be loaded
     * @param lookedBack findings added by the comparison's look-back
     */
    record AnalysedStudy(StudyRef study, LocalDate date, StudyAnalysis analysis, Volume volume,
            List<Finding> lookedBack) {

        /** @return the analysis' findings, then those looked back for, as the report numbers them */
        List<Finding> findings() {
            return analysis.findingsWith(lookedBack);
        }
    }

    /**
     * @param patientKey the patient's pseudonymous key ({@link PatientKeys})
     * @param comparison the comparison, or null when none was possible ({@code reason} says why)
     * @param reason why there is no comparison, or null
     * @param studies every study analysed (those of the comparison first), for export
     * @param problems what went wrong with this patient's input: studies or series that could not
     *     be used, naming them by UID, and the timeline's problems
     */
    record Outcome(String patientKey, PatientComparison.Result comparison, String reason,
            List<AnalysedStudy> studies, List<String> problems) {

        /** @return whether the current study was compared with at least one prior */
        boolean compared() {
            return comparison != null && comparison.studies().size() > 1;
        }
    }

    /**
     * What a command does once {@link #open} has opened the model and indexed the folder.
     */
    @FunctionalInterface
    interface Work {
        /**
         * @param opened the model, the index and the patient run
         * @return whether some input could not be used (exit code 1)
         * @throws IOException if a result cannot be written
         */
        boolean run(Opened opened) throws IOException;
    }

    /**
     * The model, the folder's index and a patient run, open for one command.
     *
     * @param manifest the model's manifest
     * @param runtime the open model
     * @param index the folder's index
     * @param patients runs one patient after another
     * @param progress the terminal's progress bar (silent when off)
     */
    record Opened(Manifest manifest, ModelRuntime runtime, DicomIndex index, PatientRun patients,
            TerminalProgress progress) {}

    /**
     * The document of a whole run: {@code compare --json} and export's {@code run.json}
     * (docs/output-schemas.md); they differ in what a patient entry holds.
     *
     * @param <P> a patient entry
     * @param schema the document's schema, e.g. {@code dicomcnn.export-run/1}
     * @param modelName model name
     * @param modelVersion model version
     * @param modelSha256 SHA-256 of the model's weights
     * @param device where the model ran
     * @param criterion the growth criterion for nodules
     * @param researchUseOnly always true
     * @param patients one entry per patient
     * @param problems files that could not be used, and results that could not be written
     */
    record RunDocument<P>(String schema, String modelName, String modelVersion, String modelSha256, String device,
            String criterion, boolean researchUseOnly, List<P> patients, List<String> problems) {

        /** A run of a model under a criterion. */
        static <P> RunDocument<P> of(String schema, Opened run, GrowthCriterion criterion, List<P> patients,
                List<String> problems) {
            Manifest m = run.manifest();
            return new RunDocument<>(schema, m.name(), m.version(), m.weights().sha256(), run.runtime().device(),
                    criterion.cliName(), true, patients, problems);
        }
    }

    /** Slices per forward pass of the slice classifier. */
    private static final int BATCH_SIZE = 16;

    private final SeriesAnalyzer analyzer;
    private final SeriesLoader loader;
    private final PatientComparison.Settings settings;
    private final boolean analyseEveryStudy;
    private final PatientKeys keys;

    /**
     * @param analyzer the model's analyser
     * @param loader the series loader
     * @param settings comparison settings
     * @param analyseEveryStudy whether studies outside the comparison are analysed too (export)
     * @param keys the installation's patient keys
     */
    PatientRun(SeriesAnalyzer analyzer, SeriesLoader loader, PatientComparison.Settings settings,
            boolean analyseEveryStudy, PatientKeys keys) {
        this.analyzer = analyzer;
        this.loader = loader;
        this.settings = settings;
        this.analyseEveryStudy = analyseEveryStudy;
        this.keys = keys;
    }

    /**
     * What {@code compare} and {@code export} share before their first patient: checks the
     * folder, reads the installation's patient-key secret, loads the model bundle, opens the
     * model, indexes the folder, then runs the work. Bad input (a missing folder, no DICOM, an
     * unusable bundle or secret) is reported on {@code err} in one line under the command's name
     * and gives its exit code; nothing is thrown for it.
     *
     * @param command the subcommand's name, e.g. "compare"
     * @param folder the folder of studies
     * @param modelSetup the model options
     * @param device where to run the model
     * @param rule the growth criterion for nodules
     * @param analyseEveryStudy whether studies outside the comparison are analysed too
     * @param showProgress whether to draw a progress bar
     * @param err where problems are reported
     * @param work the command's own part
     * @return the exit code ({@link ExitCodes})
     * @throws IOException if a result cannot be written
     */
    static int open(String command, Path folder, ModelSetup modelSetup, DeviceChoice device, GrowthCriterion rule,
            boolean analyseEveryStudy, boolean showProgress, PrintWriter err, Work work) throws IOException {
        String prefix = "dicomcnn " + command + ": ";
        if (!Files.exists(folder)) {
            err.println(prefix + folder + " does not exist");
            return ExitCodes.NO_INPUT;
        }
        PatientKeys keys;
        ModelBundle bundle;
        try {
            keys = PatientKeys.ofInstallation();
            bundle = modelSetup.bundle();
        } catch (IOException e) { // an unusable bundle (BundleException) or secret
            err.println(prefix + e.getMessage());
            return ExitCodes.NO_INPUT;
        }
        try (TerminalProgress progress = new TerminalProgress(showProgress, System.err);
                ModelRuntime runtime = ModelRuntime.open(bundle, device)) {
            DicomIndex index = DicomIndex.scan(folder, progress);
            if (index.patients().isEmpty()) {
                err.println(prefix + "no DICOM image found under " + folder);
                return ExitCodes.NO_INPUT;
            }
            Manifest m = runtime.manifest();
            SeriesLoader loader = new SeriesLoader();
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, loader, FindingDetector.Settings.forManifest(m),
                    BATCH_SIZE);
            PatientRun patients = new PatientRun(analyzer, loader,
                    PatientComparison.Settings.DEFAULT.withCriterion(rule), analyseEveryStudy, keys);
            boolean failures = work.run(new Opened(m, runtime, index, patients, progress));
            return failures || !index.problems().isEmpty() ? ExitCodes.SOME_INPUT_FAILED : ExitCodes.OK;
        } catch (BundleException e) {
            err.println(prefix + e.getMessage());
            return ExitCodes.NO_INPUT;
        } catch (InferenceException e) {
            err.println(prefix + e.getMessage());
            return ExitCodes.SOME_INPUT_FAILED;
        }
    }

    /**
     * Runs one patient. Bad input of one study is reported in the outcome, never thrown, so that
     * the caller goes on with the next patient.
     *
     * @param patient the patient
     * @param progress progress
     * @return the outcome
     */
    Outcome run(PatientRef patient, ProgressListener progress) {
        String key = keys.keyOf(patient);
        List<String> problems = new ArrayList<>();
        List<AnalysedStudy> analysed = new ArrayList<>();
        Optional<Timeline> timeline = Timelines.of(patient);
        PatientComparison.Result result = null;
        String reason = null;
        if (timeline.isEmpty()) {
            reason = "no study has a Study Date (0008,0020), so none can be placed in time: "
                    + patient.studies().stream().map(StudyRef::studyInstanceUid).collect(Collectors.joining(", "));
            problems.add(reason);
        } else {
            Timeline t = timeline.get();
            problems.addAll(t.problems());
            if (!t.current().hasSeries()) {
                reason = "current study " + t.current().study().studyInstanceUid() + " has no comparable series: "
                        + t.current().reason();
            } else if (t.comparablePriors().isEmpty()) {
                reason = t.priors().isEmpty() ? "only one dated study; no prior to compare with"
                        : "no prior has a series comparable to the current study's";
            }
            if (t.current().hasSeries() && (reason == null || analyseEveryStudy)) {
                try {
                    result = new PatientComparison(analyzer, loader, settings).compare(t, progress);
                    problems.addAll(result.notes());
                    if (reason == null && result.studies().size() < 2) {
                        reason = "every comparable prior was left out (see the notes)";
                    }
                    for (PatientComparison.Study s : result.studies()) {
                        analysed.add(new AnalysedStudy(s.point().study(), s.date(), s.analysis(), s.volume(),
                                s.lookedBack()));
                        problems.addAll(s.analysis().problems().stream().map(Object::toString).toList());
                    }
                } catch (InferenceException e) {
                    reason = "current study " + t.current().study().studyInstanceUid() + " could not be analysed: "
                            + e.getMessage();
                    problems.add(reason);
                }
            }
        }
        if (analyseEveryStudy) {
            Set<String> done = analysed.stream().map(a -> a.study().studyInstanceUid()).collect(Collectors.toSet());
            for (StudyRef st : patient.studies()) {
                if (!done.contains(st.studyInstanceUid())) {
                    analyseAlone(st, timeline.orElse(null), analysed, problems, progress);
                }
            }
        }
        return new Outcome(key, reason == null ? result : null, reason, analysed, problems);
    }

    /** Analyses a study outside the comparison: its time point's series, else its reference CT series. */
    private void analyseAlone(StudyRef st, Timeline t, List<AnalysedStudy> analysed, List<String> problems,
            ProgressListener progress) {
        SeriesRef series = null;
        if (t != null) {
            series = t.priors().stream()
                    .filter(p -> p.study().studyInstanceUid().equals(st.studyInstanceUid())).findFirst()
                    .flatMap(TimePoint::chosen).orElse(null);
        }
        if (series == null) {
            ComparableSeries.Choice choice = ComparableSeries.reference(st);
            if (!choice.found()) {
                problems.add("study " + st.studyInstanceUid() + " not analysed: it has " + choice.reason());
                return;
            }
            series = choice.series();
        }
        long t0 = System.nanoTime();
        SeriesVolumes loaded = loader.load(series, progress);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        try {
            StudyAnalysis a = analyzer.analyze(st.studyInstanceUid(), loaded, ms, progress);
            problems.addAll(a.problems().stream().map(Object::toString).toList());
            if (loaded.volumes().isEmpty()) {
                problems.add("series " + series.seriesInstanceUid() + " of study " + st.studyInstanceUid()
                        + ": no volume could be loaded");
            }
            analysed.add(new AnalysedStudy(st, st.studyDate(), a,
                    loaded.volumes().isEmpty() ? null : SeriesAnalyzer.largest(loaded), List.of()));
        } catch (InferenceException e) {
            problems.add("study " + st.studyInstanceUid() + " could not be analysed: " + e.getMessage());
        }
    }
}
