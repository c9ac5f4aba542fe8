package org.dicomcnn.samples.cohort;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.lesion.EffusionTrack;
import org.dicomcnn.samples.lesion.GrowthModel;
import org.dicomcnn.samples.lesion.LesionClass;
import org.dicomcnn.samples.lesion.NoduleTrack;
import org.dicomcnn.samples.phantom.BodyHabitus;
import org.dicomcnn.samples.phantom.ChestAnatomy;
import org.dicomcnn.samples.phantom.PhantomRandom;
import org.dicomcnn.samples.phantom.Side;
import org.dicomcnn.samples.phantom.Tissue;

/**
 * Draws random longitudinal patients from a seed: build, 2..4 studies 2..14 months apart,
 * repositioning (centimetres, a few degrees) and a clinical protocol per study, and findings:
 * about a quarter of patients start normal; others have 1..4 nodules (solid or subsolid, 4..30
 * mm) that grow fast (VDT 80..150 days), moderately, indolently (&gt; 600 days), stay stable,
 * shrink or resolve; new nodules appear; effusions appear, change or clear. Patient p of seed s
 * is the same whatever the number of patients asked for.
 */
public final class CohortPlanner {

    /** Clinical protocols drawn from when no thickness is given: {thickness, spacing}, mm. */
    static final double[][] PROTOCOLS = {{1.0, 1.0}, {1.0, 0.8}, {1.25, 1.25}, {1.5, 1.5}, {2.0, 2.0}, {2.5, 2.5},
        {3.0, 3.0}, {5.0, 5.0}};

    /** Sizes tried, as fractions of the drawn one, when a nodule does not fit. */
    private static final double[] PLACEMENT_SCALES = {1, 0.7, 0.5, 0.35};

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CohortPlanner.class);

    /** Thickest slices made when a slice count is spread over the lungs, mm. */
    static final double MAX_SPREAD_SPACING_MM = 10;

    private static final LocalDate FIRST_BASELINE = LocalDate.of(2018, 1, 1);
    private static final int BASELINE_SPAN_DAYS = 6 * 365;
    private static final int MIN_INTERVAL_DAYS = 60;
    private static final int MAX_INTERVAL_DAYS = 420;
    private static final double LARGEST_START_MM = 30;
    private static final double SMALLEST_START_MM = 4;
    private static final double LARGEST_EVER_MM = 40;

    private CohortPlanner() {}

    /**
     * @param o options (preset cohort)
     * @return one phantom per patient
     */
    public static List<PatientPhantom> plan(GeneratorOptions o) {
        List<PatientPhantom> out = new ArrayList<>();
        for (int p = 0; p < o.patients(); p++) {
            out.add(planPatient(o, p));
        }
        return out;
    }

    /**
     * @param o options
     * @param index patient index from 0
     * @return the patient
     */
    public static PatientPhantom planPatient(GeneratorOptions o, int index) {
        String base = "cohort/seed=" + o.seed() + "/patient=" + (index + 1);
        PhantomRandom r = PhantomRandom.forKey(base + "/plan");
        String key = String.format(Locale.ROOT, "p%04d", index + 1);
        BodyHabitus habitus = BodyHabitus.random(r);
        String anatomyKey = base + "/anatomy";
        ChestAnatomy anatomy = ChestAnatomy.build(habitus, PhantomRandom.forKey(anatomyKey), o.treePoints());

        int studies = o.studiesPerPatient() > 0 ? o.studiesPerPatient() : r.integer(2, 4);
        LocalDate date = FIRST_BASELINE.plusDays(r.integer(0, BASELINE_SPAN_DAYS));
        LocalDate birth = date.minusYears(r.integer(45, 85)).minusDays(r.integer(0, 364));
        double tx = r.uniform(-15, 15);
        double ty = r.uniform(-20, 10);
        double tz = r.uniform(-350, 150);
        List<StudyPlan> plans = new ArrayList<>();
        for (int s = 0; s < studies; s++) {
            if (s > 0) {
                date = date.plusDays(r.integer(MIN_INTERVAL_DAYS, MAX_INTERVAL_DAYS));
            }
            LocalTime time = LocalTime.of(7, 30).plusSeconds(r.integer(0, 10 * 3600 + 1800));
            double[] euler = {round(r.uniform(-3, 3)), round(r.uniform(-2, 2)), round(r.uniform(-4, 4))};
            Vec3 translation = new Vec3(round(tx + r.uniform(-15, 15)), round(ty + r.uniform(-10, 10)),
                    round(tz + r.uniform(-40, 40)));
            RigidTransform placement = StudyPlan.canonicalToPatient(euler, translation);
            AcquisitionSpec spec = spec(o, anatomy, placement, r);
            Acquisition acq = StudyPlanner.acquire(anatomy, placement, spec, r);
            plans.add(new StudyPlan(s, "study-" + (s + 1), date, time, euler, translation,
                    StudyPlanner.STUDY_DESCRIPTION, StudyPlanner.series(anatomy, acq, o.extraSeries(), o.noiseScale())));
        }
        PatientPlan plan = new PatientPlan(key, base, String.format(Locale.ROOT, "SYN-%d-%04d", o.seed(), index + 1),
                "PHANTOM^" + key.toUpperCase(Locale.ROOT), r.chance(0.5) ? "F" : "M", birth, "", habitus, anatomyKey,
                o.treePoints(), plans, List.of(), List.of());
        PatientPhantom phantom = new PatientPhantom(plan, anatomy);
        List<EffusionTrack> effusions = effusions(r, studies, o.effusionFraction());
        phantom = phantom.withPlan(plan.withLesions(List.of(), effusions));
        List<NoduleTrack> nodules = nodules(phantom, r, o.subsolidFraction());
        PatientPlan full = phantom.plan().withLesions(nodules, effusions);
        return phantom.withPlan(full.withScenario(describe(full)));
    }

    private static AcquisitionSpec spec(GeneratorOptions o, ChestAnatomy anatomy, RigidTransform placement,
            PhantomRandom r) {
        double[] protocol = PROTOCOLS[r.integer(0, PROTOCOLS.length - 1)];
        double thickness = protocol[0];
        double spacing = protocol[1];
        if (o.sliceThicknessMm() > 0) {
            thickness = o.sliceThicknessMm();
            spacing = o.sliceThicknessMm();
        } else if (o.slices() > 0) {
            double[] z = StudyPlanner.lungRangeZ(anatomy, placement);
            double cover = z[1] - z[0] + 2 * StudyPlanner.COVERAGE_MARGIN_MM;
            // Spread the slices over the lungs, but no thicker than the thickest clinical slice:
            // a few slices then cover the middle of the chest only.
            spacing = Math.min(MAX_SPREAD_SPACING_MM, Math.round(cover / Math.max(1, o.slices() - 1) * 100) / 100.0);
            thickness = spacing;
        }
        return new AcquisitionSpec(o.matrix(), thickness, spacing, o.slices(), 0);
    }

    private static List<EffusionTrack> effusions(PhantomRandom r, int studies, double fraction) {
        List<EffusionTrack> out = new ArrayList<>();
        if (!r.chance(fraction)) {
            return out;
        }
        boolean bilateral = r.chance(0.25);
        Side first = r.chance(0.6) ? Side.RIGHT : Side.LEFT;
        boolean appears = r.chance(0.55);
        int id = 1;
        for (Side side : Side.values()) {
            if (!bilateral && side != first) {
                continue;
            }
            double[] v = new double[studies];
            int start = appears ? r.integer(1, studies - 1) : 0;
            int end = !appears && r.chance(0.5) ? r.integer(0, studies - 2) : studies - 1; // may clear
            double volume = r.uniform(120, 700);
            for (int s = start; s <= end; s++) {
                v[s] = Math.round(volume);
                volume = Math.max(60, Math.min(EffusionTrack.MAX_VOLUME_ML * 0.8, volume * r.uniform(0.6, 1.5)));
            }
            out.add(new EffusionTrack("E" + id++, side, v, Math.round(r.uniform(Tissue.PLEURAL_FLUID_HU - 5,
                    Tissue.PLEURAL_FLUID_HU + 8))));
        }
        return out;
    }

    private static List<NoduleTrack> nodules(PatientPhantom phantom, PhantomRandom r, double subsolidFraction) {
        PatientPlan plan = phantom.plan();
        List<StudyPlan> studies = plan.studies();
        int n = studies.size();
        List<NoduleTrack> out = new ArrayList<>();
        int baseline = r.chance(0.25) ? 0 : pickCount(r);
        int newOnes = r.chance(0.25) ? 1 : 0;
        int id = 1;
        for (int k = 0; k < baseline + newOnes; k++) {
            boolean isNew = k >= baseline;
            int first = isNew ? r.integer(1, n - 1) : 0;
            NoduleTrack t = randomNodule("N" + id, r, studies, first, isNew, subsolidFraction);
            boolean juxta = r.chance(0.15);
            Side side = r.chance(0.55) ? Side.RIGHT : Side.LEFT;
            // A short stack of slices or a crowded lung may have no room: try smaller, then give up.
            for (double scale : PLACEMENT_SCALES) {
                Vec3 radii = t.referenceRadiiMm().times(scale);
                NoduleTrack sized = new NoduleTrack(t.id(), t.lesionClass(), side, Vec3.ZERO, t.axes(), radii,
                        t.referenceDate(), t.growth(), t.hu(), t.solidCoreFraction(), t.solidCoreHu(), t.firstStudy(),
                        t.lastStudy());
                double radius = StudyPlanner.maxRadius(sized, plan);
                if (2 * radius < NoduleTrack.MIN_DIAMETER_MM) {
                    break;
                }
                try {
                    Vec3 centre = StudyPlanner.placeNodule(phantom, side, radius, juxta && radius > 3, null, out, r);
                    out.add(new NoduleTrack(t.id(), t.lesionClass(), side, centre, t.axes(), radii, t.referenceDate(),
                            t.growth(), t.hu(), t.solidCoreFraction(), t.solidCoreHu(), t.firstStudy(),
                            t.lastStudy()));
                    id++;
                    break;
                } catch (IllegalStateException noRoom) {
                    LOG.debug("{}: {}", plan.key(), noRoom.getMessage());
                }
            }
        }
        return out;
    }

    private static int pickCount(PhantomRandom r) {
        double u = r.uniform();
        return u < 0.45 ? 1 : u < 0.75 ? 2 : u < 0.92 ? 3 : 4;
    }

    private static NoduleTrack randomNodule(String id, PhantomRandom r, List<StudyPlan> studies, int first,
            boolean isNew, double subsolidFraction) {
        int n = studies.size();
        // 1 - 0.3 is exactly 0.7 in double arithmetic: the default draws what the generator always drew
        boolean solid = r.chance(1 - subsolidFraction);
        LesionClass cls = solid ? LesionClass.SOLID_NODULE : LesionClass.SUBSOLID_NODULE;
        double u = r.uniform();
        GrowthModel growth;
        boolean resolves = false;
        if (isNew) {
            growth = u < 0.6 ? GrowthModel.doublingEvery(r.uniform(80, 250)) : GrowthModel.doublingEvery(-r.uniform(60, 150));
            resolves = growth.volumeDoublingTimeDays() < 0 && first < n - 1 && r.chance(0.6);
        } else if (solid) {
            if (u < 0.15) {
                growth = GrowthModel.doublingEvery(r.uniform(80, 150));
            } else if (u < 0.40) {
                growth = GrowthModel.doublingEvery(r.uniform(150, 400));
            } else if (u < 0.55) {
                growth = GrowthModel.doublingEvery(r.uniform(600, 1200));
            } else if (u < 0.85) {
                growth = GrowthModel.STABLE;
            } else {
                growth = GrowthModel.doublingEvery(-r.uniform(60, 250));
                resolves = u > 0.93 && n > 1;
            }
        } else {
            if (u < 0.4) {
                growth = GrowthModel.doublingEvery(r.uniform(400, 1500));
            } else if (u < 0.6) {
                growth = GrowthModel.doublingEvery(r.uniform(200, 600));
            } else if (u < 0.95) {
                growth = GrowthModel.STABLE;
            } else {
                growth = GrowthModel.doublingEvery(-r.uniform(60, 200));
                resolves = n > 1;
            }
        }
        double smallest = solid ? SMALLEST_START_MM : 6;
        double largest = isNew ? 10 : LARGEST_START_MM;
        double d = smallest * StrictMath.pow(largest / smallest, StrictMath.pow(r.uniform(), 1.6));
        LocalDate ref = studies.get(first).date();
        // Keep every size within 3..40 mm: shrink the start if growth would exceed the top.
        long span = java.time.temporal.ChronoUnit.DAYS.between(ref, studies.get(n - 1).date());
        double grownTo = d * growth.diameterFactor(span);
        if (grownTo > LARGEST_EVER_MM) {
            d = Math.max(smallest, d * LARGEST_EVER_MM / grownTo);
        }
        int last = Integer.MAX_VALUE;
        for (int s = first + 1; s < n; s++) {
            long days = java.time.temporal.ChronoUnit.DAYS.between(ref, studies.get(s).date());
            if (d * growth.diameterFactor(days) < NoduleTrack.MIN_DIAMETER_MM) {
                last = s - 1;
                break;
            }
        }
        if (resolves && last == Integer.MAX_VALUE) {
            last = r.integer(first, n - 2);
        }
        Vec3 radii = new Vec3(d / 2, d / 2 * r.uniform(0.8, 1.0), d / 2 * r.uniform(0.75, 1.0));
        double hu;
        double core = 0;
        double coreHu = 0;
        if (solid) {
            hu = Math.round(r.uniform(20, 60));
        } else {
            hu = Math.round(r.uniform(-700, -300));
            if (r.chance(0.5)) {
                core = Math.round(r.uniform(0.3, 0.6) * 100) / 100.0;
                coreHu = Math.round(r.uniform(20, 40));
            }
        }
        Rotation axes = StudyPlanner.randomAxes(r);
        return new NoduleTrack(id, cls, Side.RIGHT, Vec3.ZERO, axes, radii, ref, growth, hu, core, coreHu, first, last);
    }

    /** @return a one-line summary of a patient's findings */
    static String describe(PatientPlan p) {
        StringBuilder b = new StringBuilder();
        b.append(p.studies().size()).append(" studies over ")
                .append(java.time.temporal.ChronoUnit.DAYS.between(p.studies().get(0).date(),
                        p.studies().get(p.studies().size() - 1).date()))
                .append(" days");
        if (p.nodules().isEmpty() && p.effusions().isEmpty()) {
            b.append("; normal");
        }
        for (NoduleTrack n : p.nodules()) {
            b.append("; ").append(n.id()).append(' ').append(n.lesionClass().jsonName().replace('_', ' '))
                    .append(n.solidCoreFraction() > 0 ? " (part-solid)" : "").append(' ')
                    .append(String.format(Locale.ROOT, "%.1f mm", 2 * n.referenceRadiiMm().x())).append(' ')
                    .append(n.growth().isStable() ? "stable"
                            : String.format(Locale.ROOT, "%s (VDT %.0f d)",
                                    n.growth().volumeDoublingTimeDays() > 0 ? "growing" : "shrinking",
                                    n.growth().volumeDoublingTimeDays()));
            if (n.firstStudy() > 0) {
                b.append(", new in study ").append(n.firstStudy() + 1);
            }
            if (n.lastStudy() < p.studies().size() - 1) {
                b.append(", resolved after study ").append(n.lastStudy() + 1);
            }
        }
        for (EffusionTrack e : p.effusions()) {
            b.append("; ").append(e.id()).append(' ').append(e.side().jsonName()).append(" effusion ml by study ")
                    .append(java.util.Arrays.toString(java.util.Arrays.stream(e.volumesMl()).mapToLong(Math::round)
                            .toArray()));
        }
        return b.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
