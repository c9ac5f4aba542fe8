package org.dicomcnn.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dicomcnn.dicom.DicomIndex;
import org.dicomcnn.dicom.PatientRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.localize.FindingDetector;
import org.dicomcnn.model.BundleException;
import org.dicomcnn.model.DeviceChoice;
import org.dicomcnn.model.InferenceException;
import org.dicomcnn.model.ModelBundle;
import org.dicomcnn.model.ModelRuntime;
import org.dicomcnn.pipeline.SeriesAnalyzer;
import org.dicomcnn.pipeline.StudyAnalysis;
import org.dicomcnn.volume.SeriesLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code dicomcnn classify}: runs a model bundle over every series of the model's modality in a
 * folder and lists each series' class probabilities and findings.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classify every series of the model's modality under FOLDER and localise findings.",
            "Research use only; not for clinical use."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every series analysed", "1:some files or series could not be used (listed)", "2:usage error",
            "3:no DICOM found, or the model bundle is unusable"})
final class ClassifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "Folder (searched recursively) or single file.")
    Path folder;

    @Mixin
    ModelSetup modelSetup;

    @Option(names = "--method", paramLabel = "METHOD",
            description = "How nodule findings are placed: heatmap or region. Default: what the model bundle prefers.")
    String method;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "16", description = "Slices per forward pass.")
    int batch;

    @Option(names = "--json", description = "Print a JSON document instead of the summary; no progress bar.")
    boolean json;

    @Option(names = "--verbose", description = "Log progress details to standard error.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        FindingDetector.Method m = method == null ? null : switch (method.toLowerCase(Locale.ROOT)) {
            case "heatmap" -> FindingDetector.Method.HEATMAP;
            case "region" -> FindingDetector.Method.REGION;
            default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--method must be heatmap or region, not '" + method + "'");
        };
        if (batch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, not " + batch);
        }
        DeviceChoice choice = modelSetup.device(spec.commandLine());
        if (!Files.exists(folder)) {
            err.println("dicomcnn classify: " + folder + " does not exist");
            return ExitCodes.NO_INPUT;
        }
        ModelBundle bundle;
        try {
            bundle = modelSetup.bundle();
        } catch (BundleException e) {
            err.println("dicomcnn classify: " + e.getMessage());
            return ExitCodes.NO_INPUT;
        }
        List<StudyAnalysis> analyses = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        boolean failures;
        try (TerminalProgress progress = new TerminalProgress(!json && System.console() != null, System.err);
                ModelRuntime runtime = ModelRuntime.open(bundle, choice)) {
            DicomIndex index = DicomIndex.scan(folder, progress);
            String modality = runtime.manifest().input().modality();
            FindingDetector.Settings settings = FindingDetector.Settings.forManifest(runtime.manifest());
            SeriesAnalyzer analyzer = new SeriesAnalyzer(runtime, new SeriesLoader(),
                    m == null ? settings : settings.withNoduleMethod(m), batch);
            for (PatientRef p : index.patients()) {
                for (StudyRef st : p.studies()) {
                    for (SeriesRef se : st.series()) {
                        if (!se.isImageSeries() || !se.modality().equalsIgnoreCase(modality)) {
                            skipped.add(se.seriesInstanceUid() + " (" + se.modality() + ")");
                            continue;
                        }
                        analyses.add(analyzer.analyze(st.studyInstanceUid(), se, progress));
                    }
                }
            }
            failures = !index.problems().isEmpty() || analyses.stream().anyMatch(a -> !a.problems().isEmpty()
                    || a.scores() == null);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(new JsonRun(runtime.manifest().name(), runtime.manifest().version(),
                                runtime.manifest().weights().sha256(), runtime.device(),
                                analyses.stream().map(JsonSeries::of).toList(), skipped)));
            } else {
                printSummary(out, runtime, analyses, skipped);
            }
            if (index.patients().isEmpty()) {
                err.println("dicomcnn classify: no DICOM image found under " + folder);
                return ExitCodes.NO_INPUT;
            }
        } catch (BundleException e) {
            err.println("dicomcnn classify: " + e.getMessage());
            return ExitCodes.NO_INPUT;
        } catch (InferenceException e) {
            err.println("dicomcnn classify: " + e.getMessage());
            return ExitCodes.SOME_INPUT_FAILED;
        }
        out.flush();
        return failures ? ExitCodes.SOME_INPUT_FAILED : ExitCodes.OK;
    }

    private static void printSummary(PrintWriter out, ModelRuntime runtime, List<StudyAnalysis> analyses,
            List<String> skipped) {
        var m = runtime.manifest();
        out.printf(Locale.ROOT, "model %s %s (sha256 %s) on %s; research use only%n", m.name(), m.version(),
                m.weights().sha256().substring(0, 12), runtime.device());
        for (StudyAnalysis a : analyses) {
            out.printf(Locale.ROOT, "%nseries %s%n", a.seriesInstanceUid());
            if (a.scores() == null) {
                out.println("  not analysed: no volume could be loaded");
            } else {
                List<String> p = new ArrayList<>();
                for (int c = 0; c < a.scores().classes().size(); c++) {
                    p.add(String.format(Locale.ROOT, "%s %.3f", a.scores().classes().get(c),
                            a.scores().seriesProbabilities()[c]));
                }
                out.printf(Locale.ROOT, "  %d slices; series probability: %s%n", a.scores().slices(), String.join(", ", p));
                out.printf(Locale.ROOT, "  %d finding(s)%n", a.findings().size());
                for (Finding f : a.findings()) {
                    out.printf(Locale.ROOT, "    %s p=%.3f at (%.1f, %.1f, %.1f) mm, diameter %.1f mm, volume %.2f ml, "
                            + "slices %d-%d [%s]%n", f.findingClass(), f.probability(), f.centreMm().x(),
                            f.centreMm().y(), f.centreMm().z(), f.diameterMm(), f.volumeMl(), f.boundingBox()[2],
                            f.boundingBox()[5], f.provenance().method());
                }
            }
            a.notes().forEach(n -> out.println("  note: " + n));
            a.problems().forEach(pr -> out.println("  problem: " + pr));
            out.printf(Locale.ROOT, "  time: load %d ms, classify %d ms, localise %d ms%n", a.timings().loadMs(),
                    a.timings().classifyMs(), a.timings().localiseMs());
        }
        if (!skipped.isEmpty()) {
            out.printf(Locale.ROOT, "%n%d series of other modalities skipped%n", skipped.size());
        }
    }

    record JsonRun(String modelName, String modelVersion, String modelSha256, String device, List<JsonSeries> series,
            List<String> skippedSeries) {}

    record JsonSeries(String studyInstanceUid, String seriesInstanceUid, List<String> classes,
            double[] seriesProbabilities, List<JsonFinding> findings, List<String> notes, List<String> problems,
            long loadMs, long classifyMs, long localiseMs) {
        static JsonSeries of(StudyAnalysis a) {
            return new JsonSeries(a.studyInstanceUid(), a.seriesInstanceUid(),
                    a.scores() == null ? List.of() : a.scores().classes(),
                    a.scores() == null ? new double[0] : a.scores().seriesProbabilities(),
                    a.findings().stream().map(JsonFinding::of).toList(), a.notes(),
                    a.problems().stream().map(Object::toString).toList(), a.timings().loadMs(), a.timings().classifyMs(),
                    a.timings().localiseMs());
        }
    }

    record JsonFinding(String findingClass, double probability, boolean calibrated, double[] centreMm,
            double[] centreVoxel, int[] boundingBoxVoxel, double diameterMm, double longAxisMm, double volumeMl,
            List<String> sopInstanceUids, String method, String methodDetail, String segmentation) {
        static JsonFinding of(Finding f) {
            return new JsonFinding(f.findingClass(), f.probability(), f.calibrated(), f.centreMm().toArray(),
                    f.centreVoxel(), f.boundingBox(), f.diameterMm(), f.longAxisMm(), f.volumeMl(),
                    f.supportingSlices().stream().map(Finding.SupportingSlice::sopInstanceUid).toList(),
                    f.provenance().method(), f.provenance().detail(), f.provenance().segmentation());
        }
    }
}
