package org.dicomcnn.training.evaluate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.model.Manifest;
import org.dicomcnn.training.TrainingRun;
import org.dicomcnn.training.data.LabelledSeries;

/**
 * A seeded test split for the tests of the test report and the model card: patients with several
 * studies each, one series per study, scoring alike because they show the same nodule (or none).
 */
public final class PatientCohort {

    /** The one class of {@link #manifest()}. */
    public static final String CLASS = "nodule";

    /** Slices per series, every one labelled as its series. */
    public static final int SLICES = 4;

    private PatientCohort() {}

    /**
     * A one-class bundle manifest with threshold 0.5 and provenance, enough for a report and a card.
     *
     * @return the manifest
     */
    public static Manifest manifest() {
        return Manifest.builder().setName("cohort-test").setVersion("1").setTask("multi-label")
                .setClasses(List.of(CLASS)).setArchitecture(Manifest.Architecture.resnet(18))
                .setInput(new Manifest.InputSpec("CT", List.of(new Manifest.Window(-600, 1500)), 64, 0, 1, 2.5, 0.5,
                        0.25))
                .setWeights(Manifest.Weights.unhashed("model.params", Manifest.Weights.FORMAT_DJL_PARAMS))
                .optOperatingPoints(Map.of(CLASS, new Manifest.OperatingPoint(0.5, null, null)))
                .optProvenance(new Manifest.Provenance(null, null, null, null, null, 7L, 3, "test cohort"))
                .build();
    }

    /**
     * How the operating points were chosen: heatmaps, no alternative.
     *
     * @return the choice
     */
    public static TrainingRun.Choice choice() {
        return new TrainingRun.Choice(Manifest.LocalisationSpec.METHOD_GRAD_CAM, Map.of(), null, null, Map.of());
    }

    /**
     * Predictions for a cohort. Each patient has a nodule or not (about 40%, and at least one of
     * each) and a latent score; each of the patient's series scores that plus a little noise, and
     * each slice that plus a little more.
     *
     * @param patients patients
     * @param seriesPerPatient series (studies) per patient
     * @param seed the seed
     * @return the predictions, patient by patient
     */
    public static List<Predictions> predictions(int patients, int seriesPerPatient, long seed) {
        Random r = new Random(seed);
        List<Predictions> out = new ArrayList<>();
        for (int p = 0; p < patients; p++) {
            // a stand-in for the one-way key: hex, not an identifier
            String key = String.format(Locale.ROOT, "%016x", 0x9e3779b97f4a7c15L * (p + 1));
            boolean nodule = p == 0 || (p != 1 && r.nextDouble() < 0.4);
            double latent = r.nextGaussian() + (nodule ? 1.2 : 0);
            for (int k = 0; k < seriesPerPatient; k++) {
                String study = "2.25." + (1000 + p) + "." + k;
                SeriesRef ref = new SeriesRef(study + ".1", 1, "CT", "", "", null, "", "", 5, List.of());
                boolean[][] labels = new boolean[SLICES][1];
                boolean[][] known = new boolean[SLICES][1];
                double[][] sliceProbabilities = new double[SLICES][1];
                List<String> uids = new ArrayList<>();
                for (int s = 0; s < SLICES; s++) {
                    labels[s][0] = nodule;
                    known[s][0] = true;
                    sliceProbabilities[s][0] = sigmoid(latent + 0.5 * r.nextGaussian());
                    uids.add(study + ".1." + (s + 1));
                }
                LabelledSeries series = new LabelledSeries(key, study, ref, labels, known, new boolean[] {nodule},
                        new boolean[] {true}, uids);
                out.add(new Predictions(series, sliceProbabilities,
                        new double[] {sigmoid(latent + 0.2 * r.nextGaussian())}, List.of(), null));
            }
        }
        return out;
    }

    /**
     * The same predictions with every series given one patient key, as if a single patient had
     * had all the studies.
     *
     * @param predictions predictions
     * @return the same, one patient
     */
    public static List<Predictions> asOnePatient(List<Predictions> predictions) {
        String key = predictions.get(0).series().patientKey();
        return predictions.stream().map(p -> {
            LabelledSeries s = p.series();
            return new Predictions(new LabelledSeries(key, s.studyInstanceUid(), s.series(), s.sliceLabels(),
                    s.known(), s.seriesLabels(), s.seriesKnown(), s.sopInstanceUids()), p.sliceProbabilities(),
                    p.seriesProbabilities(), p.findings(), p.truth());
        }).toList();
    }

    /**
     * The report of a cohort, with 500 resamples and seed 7.
     *
     * @param predictions the cohort's predictions
     * @return the report
     */
    public static TestReport report(List<Predictions> predictions) {
        return TestReport.of(manifest(), choice(), predictions, List.of(), 500, 7);
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }
}
