package org.dicomcnn.samples.cohort;

import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
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

/**
 * The committed sample patients ({@code sample-dicom/studies}), each with a prior and a current
 * study on a 256 x 256 matrix:
 * <ul>
 *   <li>{@value #GROWING}: a 9 mm solid nodule in the right upper zone with a volume doubling
 *       time of 150 days, 182 days apart (it reaches about 11.9 mm), and a small stable nodule;</li>
 *   <li>{@value #STABLE}: an 8 mm solid nodule and a part-solid nodule, both unchanged over 730
 *       days;</li>
 *   <li>{@value #EFFUSION}: normal at first; 91 days later a right pleural effusion of 350 ml.</li>
 * </ul>
 * Repositioning and protocols differ between prior and current (shifts of 1..4 cm, rotations
 * of 1..4 degrees, slice thickness 5 or 6 mm, field of view). Everything else (anatomy, exact
 * positions, dates, noise) follows from the seed.
 */
public final class CommittedSamples {

    /** Patient with the growing nodule. */
    public static final String GROWING = "growing-nodule";
    /** Patient with nodules stable over two years. */
    public static final String STABLE = "stable-nodule";
    /** Patient who develops an effusion. */
    public static final String EFFUSION = "new-effusion";

    /** Matrix of every committed series. */
    public static final int MATRIX = 256;

    /** Volume doubling time of the growing nodule, days. */
    public static final double GROWING_VDT_DAYS = 150;

    private CommittedSamples() {}

    /**
     * @param o options (preset committed-samples; its seed, threads, transfer syntax and extra
     *     series apply; matrix and slices are fixed here)
     * @return the three patients
     */
    public static List<PatientPhantom> plan(GeneratorOptions o) {
        List<PatientPhantom> out = new ArrayList<>();
        out.add(growing(o));
        out.add(stable(o));
        out.add(effusion(o));
        return out;
    }

    private static String base(GeneratorOptions o, String key) {
        return "committed-samples/seed=" + o.seed() + "/patient=" + key;
    }

    private static PatientPhantom skeleton(GeneratorOptions o, String key, String id, String name, String sex,
            int ageYears, double heightScale, double widthScale, double fatMm, int intervalDays, double[][] euler,
            Vec3[] translation, AcquisitionSpec[] specs, String scenario) {
        String base = base(o, key);
        PhantomRandom r = PhantomRandom.forKey(base + "/plan");
        BodyHabitus random = BodyHabitus.random(r);
        BodyHabitus habitus = new BodyHabitus(widthScale, widthScale * random.depthScale() / random.widthScale(),
                heightScale, fatMm, random.lungHu(), random.softTissueHu(), random.fatHu(), random.boneHu());
        String anatomyKey = base + "/anatomy";
        ChestAnatomy anatomy = ChestAnatomy.build(habitus, PhantomRandom.forKey(anatomyKey), o.treePoints());
        LocalDate baseline = LocalDate.of(2022, 1, 3).plusDays(r.integer(0, 364));
        List<StudyPlan> studies = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            LocalDate date = s == 0 ? baseline : baseline.plusDays(intervalDays);
            LocalTime time = LocalTime.of(8, 0).plusSeconds(r.integer(0, 9 * 3600));
            Acquisition acq = StudyPlanner.acquire(anatomy, StudyPlan.canonicalToPatient(euler[s], translation[s]),
                    specs[s], r);
            studies.add(new StudyPlan(s, "study-" + (s + 1), date, time, euler[s], translation[s],
                    StudyPlanner.STUDY_DESCRIPTION, StudyPlanner.series(anatomy, acq, o.extraSeries(), o.noiseScale())));
        }
        LocalDate birth = baseline.minusYears(ageYears).minusDays(r.integer(0, 364));
        PatientPlan plan = new PatientPlan(key, base, id, name, sex, birth, scenario, habitus, anatomyKey,
                o.treePoints(), studies, List.of(), List.of());
        return new PatientPhantom(plan, anatomy);
    }

    private static PatientPhantom growing(GeneratorOptions o) {
        PatientPhantom p = skeleton(o, GROWING, "PHANTOM-0001", "PHANTOM^GROWING NODULE", "M", 67, 0.92, 0.92, 12,
                182, new double[][] {{0.8, -0.5, 1.2}, {-1.5, 1.0, -2.8}},
                new Vec3[] {new Vec3(4, -12, -160), new Vec3(-9, 2, -122)},
                new AcquisitionSpec[] {new AcquisitionSpec(MATRIX, 6, 6, 38, 380),
                    new AcquisitionSpec(MATRIX, 5, 5, 46, 340)},
                "Solid nodule N1 (9 mm) growing with a volume doubling time of 150 days, plus a small stable"
                        + " nodule N2; prior and current 182 days apart");
        PhantomRandom r = PhantomRandom.forKey(base(o, GROWING) + "/lesions");
        LocalDate ref = p.plan().studies().get(0).date();
        List<NoduleTrack> nodules = new ArrayList<>();
        nodules.add(place(p, r, new NoduleTrack("N1", LesionClass.SOLID_NODULE, Side.RIGHT, Vec3.ZERO,
                StudyPlanner.randomAxes(r), new Vec3(4.5, 4.3, 4.1), ref, GrowthModel.doublingEvery(GROWING_VDT_DAYS),
                35, 0, 0, 0, Integer.MAX_VALUE), new Vec3(0.45, 0.35, 0.75), nodules));
        nodules.add(place(p, r, new NoduleTrack("N2", LesionClass.SOLID_NODULE, Side.LEFT, Vec3.ZERO,
                StudyPlanner.randomAxes(r), new Vec3(2.6, 2.4, 2.3), ref, GrowthModel.STABLE, 40, 0, 0, 0,
                Integer.MAX_VALUE), new Vec3(0.55, 0.6, 0.3), nodules));
        return p.withPlan(p.plan().withLesions(nodules, List.of()));
    }

    private static PatientPhantom stable(GeneratorOptions o) {
        PatientPhantom p = skeleton(o, STABLE, "PHANTOM-0002", "PHANTOM^STABLE NODULE", "F", 58, 0.9, 0.9, 20, 730,
                new double[][] {{-0.6, 0.4, -1.0}, {1.8, -0.8, 3.5}},
                new Vec3[] {new Vec3(-6, -8, 240), new Vec3(14, -20, 275)},
                new AcquisitionSpec[] {new AcquisitionSpec(MATRIX, 5, 5, 46, 360),
                    new AcquisitionSpec(MATRIX, 6, 5, 46, 330)},
                "Solid nodule N1 (8 mm) and part-solid nodule N2 (14 mm, solid core) both stable over two years;"
                        + " prior and current 730 days apart");
        PhantomRandom r = PhantomRandom.forKey(base(o, STABLE) + "/lesions");
        LocalDate ref = p.plan().studies().get(0).date();
        List<NoduleTrack> nodules = new ArrayList<>();
        nodules.add(place(p, r, new NoduleTrack("N1", LesionClass.SOLID_NODULE, Side.LEFT, Vec3.ZERO,
                StudyPlanner.randomAxes(r), new Vec3(4.0, 3.8, 3.5), ref, GrowthModel.STABLE, 45, 0, 0, 0,
                Integer.MAX_VALUE), new Vec3(0.5, 0.4, 0.6), nodules));
        nodules.add(place(p, r, new NoduleTrack("N2", LesionClass.SUBSOLID_NODULE, Side.RIGHT, Vec3.ZERO,
                StudyPlanner.randomAxes(r), new Vec3(7.0, 6.5, 6.0), ref, GrowthModel.STABLE, -550, 0.4, 30, 0,
                Integer.MAX_VALUE), new Vec3(0.5, 0.45, 0.4), nodules));
        return p.withPlan(p.plan().withLesions(nodules, List.of()));
    }

    private static PatientPhantom effusion(GeneratorOptions o) {
        PatientPhantom p = skeleton(o, EFFUSION, "PHANTOM-0003", "PHANTOM^NEW EFFUSION", "F", 74, 0.9, 0.94, 16, 91,
                new double[][] {{1.0, 0.5, 2.0}, {-1.2, -0.7, -1.5}},
                new Vec3[] {new Vec3(2, -5, -40), new Vec3(-20, 8, -5)},
                new AcquisitionSpec[] {new AcquisitionSpec(MATRIX, 5, 5, 46, 350),
                    new AcquisitionSpec(MATRIX, 6, 6, 38, 370)},
                "Normal chest at first; 91 days later a right pleural effusion E1 of 350 ml");
        List<EffusionTrack> effusions = List.of(new EffusionTrack("E1", Side.RIGHT, new double[] {0, 350}, 12));
        return p.withPlan(p.plan().withLesions(List.of(), effusions));
    }

    private static NoduleTrack place(PatientPhantom p, PhantomRandom r, NoduleTrack t, Vec3 preferred,
            List<NoduleTrack> others) {
        double radius = StudyPlanner.maxRadius(t, p.plan());
        Vec3 c = StudyPlanner.placeNodule(p, t.side(), radius, false, preferred, others, r);
        Rotation axes = t.axes();
        return new NoduleTrack(t.id(), t.lesionClass(), t.side(), c, axes, t.referenceRadiiMm(), t.referenceDate(),
                t.growth(), t.hu(), t.solidCoreFraction(), t.solidCoreHu(), t.firstStudy(), t.lastStudy());
    }
}
