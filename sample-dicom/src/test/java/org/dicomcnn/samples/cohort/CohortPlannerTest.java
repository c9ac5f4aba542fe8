package org.dicomcnn.samples.cohort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.lesion.EffusionTrack;
import org.dicomcnn.samples.lesion.LesionClass;
import org.dicomcnn.samples.lesion.NoduleTrack;
import org.dicomcnn.samples.truth.GeneratorInfo;
import org.dicomcnn.samples.truth.GroundTruthJson;
import org.dicomcnn.samples.truth.LesionTruth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CohortPlannerTest {

    private static final int PATIENTS = 30;
    private static final GeneratorInfo INFO = new GeneratorInfo(GeneratorInfo.NAME, 1, 11, "cohort");
    private static List<PatientPhantom> cohort;

    private static GeneratorOptions options(int patients) {
        return GeneratorOptions.builder(Path.of("unused")).optSeed(11).optPatients(patients).optMatrix(64)
                .optTreePoints(30).build();
    }

    @BeforeAll
    static void plan() {
        cohort = CohortPlanner.plan(options(PATIENTS));
    }

    private static String truthText(PatientPhantom p) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < p.plan().studies().size(); i++) {
            b.append(GroundTruthJson.toJson(p.truth(i, INFO, PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN)));
        }
        return b.toString();
    }

    @Test
    void aPatientIsTheSameWhateverTheCohortSize() {
        PatientPhantom alone = CohortPlanner.planPatient(options(3), 2);
        assertEquals(truthText(cohort.get(2)), truthText(alone));
    }

    @Test
    void studiesAreTwoToFourMonthsApartWithRealRepositioning() {
        for (PatientPhantom p : cohort) {
            List<StudyPlan> s = p.plan().studies();
            assertTrue(s.size() >= 2 && s.size() <= 4, p.plan().key() + " has " + s.size() + " studies");
            for (int i = 1; i < s.size(); i++) {
                long days = ChronoUnit.DAYS.between(s.get(i - 1).date(), s.get(i).date());
                assertTrue(days >= 60 && days <= 420, p.plan().key() + " interval " + days);
                Vec3 moved = s.get(i).translationMm().minus(s.get(i - 1).translationMm());
                assertTrue(moved.length() < 100, "shift " + moved);
                for (double a : s.get(i).eulerDegrees()) {
                    assertTrue(Math.abs(a) <= 4, "rotation " + a);
                }
            }
        }
    }

    /**
     * {@code --subsolid-fraction} sets the share of subsolid nodules: all of them at 1, none at 0,
     * clearly more than the default's at 0.8; the default (0.3) plans the cohort it always planned.
     */
    @Test
    void subsolidFractionSetsTheShareOfSubsolidNodules() {
        java.util.function.DoubleFunction<List<PatientPhantom>> planned = f -> CohortPlanner.plan(
                GeneratorOptions.builder(Path.of("unused")).optSeed(11).optPatients(PATIENTS).optMatrix(64)
                        .optTreePoints(30).optSubsolidFraction(f).build());
        java.util.function.ToDoubleFunction<List<PatientPhantom>> share = c -> {
            long all = c.stream().mapToLong(p -> p.plan().nodules().size()).sum();
            long subsolid = c.stream().flatMap(p -> p.plan().nodules().stream())
                    .filter(t -> t.lesionClass() == LesionClass.SUBSOLID_NODULE).count();
            assertTrue(all >= 10, "enough nodules to judge: " + all);
            return subsolid / (double) all;
        };
        assertEquals(1.0, share.applyAsDouble(planned.apply(1.0)));
        assertEquals(0.0, share.applyAsDouble(planned.apply(0.0)));
        double defaultShare = share.applyAsDouble(cohort);
        double enriched = share.applyAsDouble(planned.apply(0.8));
        assertTrue(defaultShare < 0.5 && enriched > 0.6, "default " + defaultShare + ", at 0.8 " + enriched);
        List<PatientPhantom> explicit = planned.apply(GeneratorOptions.DEFAULT_SUBSOLID_FRACTION);
        for (int i = 0; i < PATIENTS; i++) {
            assertEquals(truthText(cohort.get(i)), truthText(explicit.get(i)));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GeneratorOptions.builder(Path.of("unused")).optSubsolidFraction(1.5).build());
        assertEquals("subsolid fraction must be 0..1, got 1.5", e.getMessage());
    }

    @Test
    void cohortCoversNormalGrowingStableShrinkingNewAndEffusionCases() {
        List<String> seen = new ArrayList<>();
        for (PatientPhantom p : cohort) {
            int n = p.plan().studies().size();
            if (p.plan().nodules().isEmpty() && p.plan().effusions().isEmpty()) {
                seen.add("normal");
            }
            for (NoduleTrack t : p.plan().nodules()) {
                double vdt = t.growth().volumeDoublingTimeDays();
                seen.add(t.growth().isStable() ? "stable" : vdt <= 150 && vdt > 0 ? "fast" : vdt > 600 ? "indolent"
                        : vdt > 0 ? "growing" : "shrinking");
                seen.add(t.lesionClass().jsonName());
                if (t.firstStudy() > 0) {
                    seen.add("new");
                }
                if (t.lastStudy() < n - 1) {
                    seen.add("resolved");
                }
            }
            for (EffusionTrack e : p.plan().effusions()) {
                seen.add(e.presentIn(0) ? "effusion-at-baseline" : "effusion-appears");
            }
        }
        for (String wanted : List.of("normal", "stable", "fast", "indolent", "growing", "solid_nodule",
                "subsolid_nodule", "new", "effusion-appears")) {
            assertTrue(seen.contains(wanted), "no " + wanted + " case among " + PATIENTS + " patients: " + seen);
        }
    }

    @Test
    void noduleSizesStayWithinTheGeneratorsRange() {
        for (PatientPhantom p : cohort) {
            for (int i = 0; i < p.plan().studies().size(); i++) {
                for (LesionTruth l : p.lesionTruths(i)) {
                    if (l.present() && !l.lesionClass().equals("pleural_effusion")) {
                        assertTrue(l.diametersMm()[0] >= 3 && l.diametersMm()[0] <= 41,
                                p.plan().key() + " " + l.id() + " " + l.diametersMm()[0] + " mm");
                    }
                }
            }
        }
    }

    @Test
    void statusFollowsTheModel() {
        for (PatientPhantom p : cohort) {
            for (int i = 1; i < p.plan().studies().size(); i++) {
                for (LesionTruth l : p.lesionTruths(i)) {
                    if (l.lesionClass().equals("pleural_effusion") || !l.present() || l.status().equals("new")) {
                        continue;
                    }
                    String expected = l.growth().model().equals("stable") ? "stable"
                            : l.growth().volumeDoublingTimeDays() > 0 ? "growing" : "shrinking";
                    assertEquals(expected, l.status(), p.plan().key() + " " + l.id());
                    assertEquals(100 * (Math.pow(2, l.daysSincePrevious()
                            / (l.growth().volumeDoublingTimeDays() == null ? Double.POSITIVE_INFINITY
                                    : l.growth().volumeDoublingTimeDays())) - 1), l.volumeChangePercent(), 0.01);
                }
            }
        }
    }
}
