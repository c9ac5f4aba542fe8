package org.dicomcnn.training.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.localize.Finding;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.training.data.PhantomLabels;
import org.dicomcnn.training.eval.Interval;
import org.dicomcnn.training.eval.WilsonScore;
import org.dicomcnn.volume.Vec3;

/**
 * Matches findings to ground-truth lesions and counts. Targets are the present lesions of a
 * study that are at least {@link #MIN_TARGET_MM} across (equivalent diameter; every effusion
 * counts). A finding matches the nearest unmatched target of its class whose centre lies within
 * {@link #MAX_CENTRE_DISTANCE_MM} of the target's (nodules), or, for an effusion, within half its
 * smallest extent: an effusion is a crescent of fluid tens of centimetres long whose centroid a
 * segmentation of its visible part cannot pin to 5 mm, and half its smallest extent keeps the
 * finding inside the fluid and far from the other side's. Findings are taken most probable first. A finding on a smaller
 * nodule (within its radius plus 3 mm) is neither a hit nor a false positive; every other
 * unmatched finding is a false positive.
 */
public final class DetectionEvaluation {

    /** Lesions this large or larger are targets, mm. */
    public static final double MIN_TARGET_MM = PhantomLabels.NODULE_MM;

    /** A finding's centre must lie this close to the lesion's, mm. */
    public static final double MAX_CENTRE_DISTANCE_MM = 5;

    private DetectionEvaluation() {}

    /**
     * One study's findings and truth.
     *
     * @param truth the study's ground truth
     * @param findings the findings of its analysed series
     */
    public record StudyFindings(StudyTruth truth, List<Finding> findings) {}

    /**
     * Counts for one class.
     *
     * @param className the model's class
     * @param targets target lesions
     * @param detected targets matched
     * @param falsePositives unmatched findings
     * @param sensitivity detected / targets with a Wilson interval; null when there are no targets
     * @param falsePositivesPerStudy false positives / studies
     * @param meanCentreErrorMm mean distance of matched findings to their lesion's centre
     * @param maxCentreErrorMm the largest such distance
     * @param outcomes every target with what became of it
     * @param studies studies judged
     * @param falsePositiveProbabilities the probability of every false positive
     * @param smallLesionProbabilities the probability of every finding on a nodule too small to be a
     *     target (neither hit nor false positive)
     */
    public record ClassResult(String className, int targets, int detected, int falsePositives, Interval sensitivity,
            double falsePositivesPerStudy, double meanCentreErrorMm, double maxCentreErrorMm,
            List<TargetOutcome> outcomes, int studies, List<Double> falsePositiveProbabilities,
            List<Double> smallLesionProbabilities) {

        /** Copies. */
        public ClassResult {
            outcomes = List.copyOf(outcomes);
            falsePositiveProbabilities = List.copyOf(falsePositiveProbabilities);
            smallLesionProbabilities = List.copyOf(smallLesionProbabilities);
        }

        /**
         * The free-response ROC at the given false-positive rates: for each rate, the lowest
         * threshold among these findings' probabilities (every judged finding's, small-lesion ones
         * too) whose false positives per study stay within it (1 when none does), and the
         * sensitivity there. Findings are matched most probable first, so a finding
         * that matched at this result's threshold matches at every higher one: raising the threshold
         * only drops findings, and one judgement serves the whole curve. Rates beyond what this
         * result's own threshold allows report that threshold (its {@code falsePositivesPerStudy}
         * then falls short of the rate).
         *
         * @param rates false positives per study, ascending
         * @return one point per rate
         */
        public List<FrocPoint> froc(double... rates) {
            List<Double> hits = outcomes.stream().filter(TargetOutcome::detected).map(TargetOutcome::probability)
                    .toList();
            java.util.TreeSet<Double> thresholds = new java.util.TreeSet<>(hits);
            thresholds.addAll(falsePositiveProbabilities);
            thresholds.addAll(smallLesionProbabilities);
            List<FrocPoint> points = new ArrayList<>();
            for (double rate : rates) {
                double chosen = 1;
                for (double t : thresholds) {
                    if (falsePositivesPerStudyAt(t) <= rate) {
                        chosen = t;
                        break;
                    }
                }
                int found = count(hits, chosen);
                points.add(new FrocPoint(rate, chosen, found, targets == 0 ? Double.NaN : found / (double) targets,
                        falsePositivesPerStudyAt(chosen)));
            }
            return points;
        }

        private double falsePositivesPerStudyAt(double threshold) {
            return studies == 0 ? 0 : count(falsePositiveProbabilities, threshold) / (double) studies;
        }

        /**
         * The competition performance metric (LUNA16): mean sensitivity at
         * {@link #CPM_RATES} false positives per study.
         *
         * @return the mean; NaN without targets
         */
        public double cpm() {
            return froc(CPM_RATES).stream().mapToDouble(FrocPoint::sensitivity).average().orElse(Double.NaN);
        }

        private static int count(List<Double> probabilities, double threshold) {
            return (int) probabilities.stream().filter(p -> p >= threshold).count();
        }

        /**
         * The sensitivity with a percentile bootstrap interval that resamples patients, not lesions:
         * a patient's nodule is a target in each of the patient's studies, and those targets are
         * found or missed together, so the Wilson interval of {@link #sensitivity()}, which counts
         * them as independent, is too narrow.
         *
         * @param resamples bootstrap resamples
         * @param seed the resampling seed
         * @return the interval; null without targets
         */
        public Interval sensitivityByPatient(int resamples, long seed) {
            if (outcomes.isEmpty()) {
                return null;
            }
            java.util.Map<String, int[]> byPatient = new java.util.TreeMap<>();
            for (TargetOutcome o : outcomes) {
                int[] n = byPatient.computeIfAbsent(o.patientKey(), k -> new int[2]);
                n[0]++;
                n[1] += o.detected() ? 1 : 0;
            }
            int[][] patients = byPatient.values().toArray(int[][]::new);
            java.util.Random random = new java.util.Random(seed);
            double[] estimates = new double[resamples];
            for (int r = 0; r < resamples; r++) {
                int targets = 0;
                int found = 0;
                for (int i = 0; i < patients.length; i++) {
                    int[] n = patients[random.nextInt(patients.length)];
                    targets += n[0];
                    found += n[1];
                }
                estimates[r] = found / (double) targets;
            }
            return Interval.percentileBootstrap(detected / (double) targets, estimates);
        }

        /**
         * Detected / targets among the targets a key puts in each group, groups in key order.
         *
         * @param key a target's group, or null to leave it out
         * @return per group {targets, detected}
         */
        public java.util.SortedMap<String, int[]> breakdown(java.util.function.Function<TargetOutcome, String> key) {
            java.util.SortedMap<String, int[]> out = new java.util.TreeMap<>();
            for (TargetOutcome o : outcomes) {
                String k = key.apply(o);
                if (k != null) {
                    int[] n = out.computeIfAbsent(k, x -> new int[2]);
                    n[0]++;
                    n[1] += o.detected() ? 1 : 0;
                }
            }
            return out;
        }

        @Override
        public String toString() {
            if (sensitivity == null) {
                return String.format(Locale.ROOT, "%s: no targets, %d false positives (%.2f per study)", className,
                        falsePositives, falsePositivesPerStudy);
            }
            return String.format(Locale.ROOT, "%s: %d/%d detected (sensitivity %.3f, 95%% CI %.3f-%.3f), %.2f false "
                    + "positives per study, centre error mean %.1f mm, max %.1f mm", className, detected, targets,
                    sensitivity.estimate(), sensitivity.lower(), sensitivity.upper(), falsePositivesPerStudy,
                    meanCentreErrorMm, maxCentreErrorMm);
        }
    }

    /** False positives per study at which the competition performance metric reads the sensitivity. */
    public static final double[] CPM_RATES = {0.125, 0.25, 0.5, 1, 2, 4, 8};

    /**
     * One point of a free-response ROC.
     *
     * @param maxFalsePositivesPerStudy the rate asked for
     * @param threshold the lowest finding threshold within it
     * @param detected targets matched at that threshold
     * @param sensitivity detected / targets
     * @param falsePositivesPerStudy false positives per study at that threshold
     */
    public record FrocPoint(double maxFalsePositivesPerStudy, double threshold, int detected, double sensitivity,
            double falsePositivesPerStudy) {}

    /**
     * What became of one target lesion.
     *
     * @param studyInstanceUid its study
     * @param patientKey its patient's key in the ground truth (the phantom folder name; for grouping,
     *     never written out)
     * @param lesionId its id in the ground truth
     * @param lesionClass its ground-truth class (solid_nodule, subsolid_nodule, pleural_effusion)
     * @param diameterMm its equivalent diameter
     * @param meanHu its mean attenuation
     * @param sliceThicknessMm the study's (thickest) slice thickness
     * @param detected whether a finding matched it
     * @param probability the matched finding's probability, NaN when missed
     * @param centreErrorMm the matched finding's centre distance, NaN when missed
     */
    public record TargetOutcome(String studyInstanceUid, String patientKey, String lesionId, String lesionClass, double diameterMm,
            double meanHu, double sliceThicknessMm, boolean detected, double probability, double centreErrorMm) {}

    /**
     * Evaluates one class at a finding threshold.
     *
     * @param studies findings and truth per study
     * @param className the model's class ("nodule" or "effusion")
     * @param threshold findings below this probability are ignored
     * @return the counts
     */
    public static ClassResult evaluate(List<StudyFindings> studies, String className, double threshold) {
        int targets = 0;
        int detected = 0;
        int falsePositives = 0;
        List<Double> errors = new ArrayList<>();
        List<TargetOutcome> outcomes = new ArrayList<>();
        List<Double> falseProbabilities = new ArrayList<>();
        List<Double> smallLesionProbabilities = new ArrayList<>();
        int classIndex = PhantomLabels.CLASSES.indexOf(className);
        if (classIndex < 0) {
            throw new IllegalArgumentException("class '" + className + "' is not one of " + PhantomLabels.CLASSES);
        }
        for (StudyFindings s : studies) {
            List<LesionTruth> lesions = s.truth().lesions().stream()
                    .filter(l -> l.present() && classOf(l) == classIndex).toList();
            List<LesionTruth> target = lesions.stream().filter(DetectionEvaluation::isTarget).toList();
            List<LesionTruth> small = lesions.stream().filter(l -> !isTarget(l)).toList();
            targets += target.size();
            boolean[] matched = new boolean[target.size()];
            Finding[] matchedBy = new Finding[target.size()];
            double[] distance = new double[target.size()];
            List<Finding> findings = s.findings().stream()
                    .filter(f -> f.findingClass().equals(className) && f.probability() >= threshold)
                    .sorted(Comparator.comparingDouble(Finding::probability).reversed()).toList();
            for (Finding f : findings) {
                int best = -1;
                double bestDistance = Double.POSITIVE_INFINITY;
                for (int t = 0; t < target.size(); t++) {
                    double d = f.centreMm().distance(Vec3.of(target.get(t).centreMm()));
                    if (!matched[t] && d <= reach(target.get(t)) && d < bestDistance) {
                        best = t;
                        bestDistance = d;
                    }
                }
                if (best >= 0) {
                    matched[best] = true;
                    matchedBy[best] = f;
                    distance[best] = bestDistance;
                    detected++;
                    errors.add(bestDistance);
                } else if (small.stream().noneMatch(l -> f.centreMm().distance(Vec3.of(l.centreMm()))
                        <= PhantomLabels.equivalentDiameter(l) / 2 + 3)) {
                    falsePositives++;
                    falseProbabilities.add(f.probability());
                } else {
                    smallLesionProbabilities.add(f.probability());
                }
            }
            double thickness = s.truth().series().stream().mapToDouble(x -> x.sliceThicknessMm()).max().orElse(Double.NaN);
            for (int t = 0; t < target.size(); t++) {
                LesionTruth l = target.get(t);
                outcomes.add(new TargetOutcome(s.truth().studyInstanceUid(), s.truth().patientKey(), l.id(), l.lesionClass(),
                        PhantomLabels.equivalentDiameter(l), l.meanHu(), thickness, matched[t],
                        matched[t] ? matchedBy[t].probability() : Double.NaN, matched[t] ? distance[t] : Double.NaN));
            }
        }
        Interval sensitivity = targets == 0 ? null : WilsonScore.interval(detected, targets);
        return new ClassResult(className, targets, detected, falsePositives, sensitivity,
                studies.isEmpty() ? 0 : falsePositives / (double) studies.size(),
                errors.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN),
                errors.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN), outcomes, studies.size(),
                falseProbabilities, smallLesionProbabilities);
    }

    /**
     * How far a finding's centre may lie from a target's centre to match it.
     *
     * @param target a target lesion
     * @return {@link #MAX_CENTRE_DISTANCE_MM} for a nodule; half the smallest extent for an effusion
     */
    static double reach(LesionTruth target) {
        if (classOf(target) != PhantomLabels.CLASSES.indexOf("effusion")) {
            return MAX_CENTRE_DISTANCE_MM;
        }
        double smallest = Math.min(target.extentMm()[0], Math.min(target.extentMm()[1], target.extentMm()[2]));
        return Math.max(MAX_CENTRE_DISTANCE_MM, smallest / 2);
    }

    /**
     * The lowest finding threshold whose false positives per study stay at or below
     * {@code maxFalsePositivesPerStudy} (the most sensitive such threshold), searched over the
     * findings' own probabilities: the first point of {@link ClassResult#froc} of every finding,
     * judged once.
     *
     * @param studies findings and truth
     * @param className the class
     * @param maxFalsePositivesPerStudy the limit
     * @return the threshold (1 when none meets the limit)
     */
    public static double thresholdForFalsePositiveRate(List<StudyFindings> studies, String className,
            double maxFalsePositivesPerStudy) {
        return evaluate(studies, className, Double.NEGATIVE_INFINITY).froc(maxFalsePositivesPerStudy).get(0)
                .threshold();
    }

    /**
     * Whether findings of a class can be judged against phantom ground truth.
     *
     * @param className a model's class
     * @return true for the phantom classes
     */
    public static boolean judges(String className) {
        return PhantomLabels.CLASSES.contains(className);
    }

    /** Whether a lesion is a detection target. */
    static boolean isTarget(LesionTruth l) {
        return classOf(l) == 1 || PhantomLabels.equivalentDiameter(l) >= MIN_TARGET_MM;
    }

    private static int classOf(LesionTruth l) {
        return switch (l.lesionClass()) {
            case "solid_nodule", "subsolid_nodule" -> 0;
            case "pleural_effusion" -> 1;
            default -> -1;
        };
    }
}
