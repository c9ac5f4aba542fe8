package org.dicomcnn.samples.cohort;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.dicomcnn.samples.CtSeries;
import org.dicomcnn.samples.SyntheticUids;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.lesion.EffusionGeometry;
import org.dicomcnn.samples.lesion.EffusionTrack;
import org.dicomcnn.samples.lesion.GrowthModel;
import org.dicomcnn.samples.lesion.LesionClass;
import org.dicomcnn.samples.lesion.NoduleTrack;
import org.dicomcnn.samples.phantom.ChestAnatomy;
import org.dicomcnn.samples.phantom.CtNoise;
import org.dicomcnn.samples.phantom.Cuboid;
import org.dicomcnn.samples.phantom.Dilated;
import org.dicomcnn.samples.phantom.Ellipsoid;
import org.dicomcnn.samples.phantom.Layer;
import org.dicomcnn.samples.phantom.PhantomRandom;
import org.dicomcnn.samples.phantom.Side;
import org.dicomcnn.samples.phantom.SliceRenderer;
import org.dicomcnn.samples.phantom.Tissue;
import org.dicomcnn.samples.truth.GeneratorInfo;
import org.dicomcnn.samples.truth.GrowthTruth;
import org.dicomcnn.samples.truth.LesionTruth;
import org.dicomcnn.samples.truth.Rounding;
import org.dicomcnn.samples.truth.SeriesTruth;
import org.dicomcnn.samples.truth.StudyTruth;
import org.dicomcnn.samples.truth.TransformTruth;

/**
 * A planned patient made concrete: its anatomy, the fluid of its effusions in each study, the
 * layers of each study placed in that study's patient frame (plus the scanner table, which does
 * not move with the patient), rendered slices and the ground truth. Thread-safe; slices of a
 * series may be rendered concurrently.
 *
 * <pre>{@code
 * PatientPhantom p = PatientPhantom.of(plan);
 * float[] hu = p.renderSlice(0, 0, 12, true);   // study 0, series 0, slice 12, with noise
 * StudyTruth truth = p.truth(0, generatorInfo, PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
 * }</pre>
 */
public final class PatientPhantom {

    /** Rescale Intercept: stored 0 is -1024 HU, so 12 bits reach +3071 HU. */
    public static final double RESCALE_INTERCEPT = -1024;

    /** Image Orientation (Patient) of every series: axial, rows along +x, columns along +y. */
    static final double[] AXIAL = {1, 0, 0, 0, 1, 0};

    /**
     * Pleural fluid fills the pleural space, which reaches this far beyond the aerated lung's
     * surface. It also makes the fluid replace the lung completely in voxels the lung only partly
     * fills (the two would otherwise share an edge and leave a dark rim of lung).
     */
    public static final double PLEURAL_SPACE_MM = 1.5;

    /** tan of the tilt of an effusion's level towards the feet (about 20 degrees). */
    public static final double EFFUSION_BASAL_TILT = 0.36;

    /** Effusions whose volume changes by less than this fraction are called stable. */
    private static final double EFFUSION_STABLE_FRACTION = 0.1;

    private static final DateTimeFormatter ISO_TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final double TABLE_HALF_WIDTH_MM = 230;
    private static final double TABLE_HALF_HEIGHT_MM = 30;
    private static final double TABLE_SHELL_MM = 3;

    private final PatientPlan plan;
    private final ChestAnatomy anatomy;
    private final Map<Side, EffusionGeometry> effusionGeometry = new EnumMap<>(Side.class);
    private final Map<String, EffusionGeometry.Fluid> fluids = new ConcurrentHashMap<>();
    private final Map<String, SliceRenderer> renderers = new ConcurrentHashMap<>();

    /**
     * @param plan the patient
     * @param anatomy its anatomy (as built from the plan's habitus and anatomy key)
     */
    public PatientPhantom(PatientPlan plan, ChestAnatomy anatomy) {
        this.plan = Objects.requireNonNull(plan, "plan");
        this.anatomy = Objects.requireNonNull(anatomy, "anatomy");
    }

    /**
     * @param plan the patient
     * @return the phantom, with its anatomy built
     */
    public static PatientPhantom of(PatientPlan plan) {
        return new PatientPhantom(plan, anatomyOf(plan));
    }

    /** @return the anatomy a plan asks for */
    public static ChestAnatomy anatomyOf(PatientPlan plan) {
        return ChestAnatomy.build(plan.habitus(), PhantomRandom.forKey(plan.anatomyKey()), plan.treePoints());
    }

    /** @return the plan */
    public PatientPlan plan() {
        return plan;
    }

    /** @return the anatomy */
    public ChestAnatomy anatomy() {
        return anatomy;
    }

    /** @return the same anatomy with another plan (e.g. after lesions were placed) */
    public PatientPhantom withPlan(PatientPlan newPlan) {
        return new PatientPhantom(newPlan, anatomy);
    }

    private StudyPlan study(int index) {
        if (index < 0 || index >= plan.studies().size()) {
            throw new IllegalArgumentException("patient " + plan.key() + " has no study " + index);
        }
        return plan.studies().get(index);
    }

    /**
     * @param effusion a track of this patient
     * @param studyIndex a study in which it is present
     * @return its fluid, canonical frame
     */
    public EffusionGeometry.Fluid fluid(EffusionTrack effusion, int studyIndex) {
        if (!effusion.presentIn(studyIndex)) {
            throw new IllegalArgumentException("effusion " + effusion.id() + " is absent in study " + studyIndex);
        }
        return fluids.computeIfAbsent(effusion.id() + "/" + studyIndex, k -> {
            RigidTransform t = study(studyIndex).canonicalToPatient();
            // Gravity points to the scanner's +y (posterior for a supine patient). The level is
            // tilted towards the feet so that fluid is deepest at the base: the recoil of the
            // lung keeps the apex clear and the costophrenic recesses fill first.
            Vec3 gravity = t.rotation().applyInverse(new Vec3(0, 1, 0));
            Vec3 caudal = t.rotation().applyInverse(new Vec3(0, 0, -1));
            Vec3 direction = gravity.plus(caudal.times(EFFUSION_BASAL_TILT));
            return effusionGeometry(effusion.side()).fluidOf(direction, effusion.volumeMlIn(studyIndex));
        });
    }

    private synchronized EffusionGeometry effusionGeometry(Side side) {
        return effusionGeometry.computeIfAbsent(side, s -> new EffusionGeometry(
                new Dilated(anatomy.lung(s), PLEURAL_SPACE_MM), anatomy.lungBounds(s).grow(PLEURAL_SPACE_MM)));
    }

    /**
     * @param studyIndex a study
     * @return anatomy, effusions and nodules of that study in the canonical frame, paint order
     */
    public List<Layer> canonicalLayers(int studyIndex) {
        StudyPlan s = study(studyIndex);
        List<Layer> layers = new ArrayList<>(anatomy.layers());
        for (EffusionTrack e : plan.effusions()) {
            if (e.presentIn(studyIndex)) {
                layers.add(Layer.of("effusion-" + e.id(), fluid(e, studyIndex).region(), e.hu()));
            }
        }
        for (NoduleTrack n : plan.nodules()) {
            if (n.presentIn(studyIndex)) {
                layers.addAll(n.layersOn(s.date()));
            }
        }
        return layers;
    }

    /**
     * @param studyIndex a study
     * @return everything in that study's patient frame, paint order, with the table last
     */
    public List<Layer> placedLayers(int studyIndex) {
        RigidTransform t = study(studyIndex).canonicalToPatient();
        List<Layer> placed = new ArrayList<>();
        for (Layer l : canonicalLayers(studyIndex)) {
            placed.add(l.placed(t));
        }
        placed.addAll(tableLayers(t));
        return placed;
    }

    /** The table lies under the patient's back, centred in the scanner; it does not move with the patient. */
    private List<Layer> tableLayers(RigidTransform t) {
        double top = Double.NEGATIVE_INFINITY;
        double halfWidth = anatomy.bodyHalfSize().x() * 0.6;
        Box lungs = anatomy.lungsBounds();
        for (double x : new double[] {-halfWidth, halfWidth}) {
            for (double z : new double[] {lungs.minZ() - 60, lungs.maxZ() + 60}) {
                top = Math.max(top, t.apply(new Vec3(x, anatomy.bodyPosteriorY(), z)).y());
            }
        }
        double centreY = top + 1 + TABLE_HALF_HEIGHT_MM;
        Vec3 centre = new Vec3(0, centreY, t.translationMm().z());
        Cuboid shell = new Cuboid(centre, new Vec3(TABLE_HALF_WIDTH_MM, TABLE_HALF_HEIGHT_MM, 2000));
        Cuboid foam = new Cuboid(centre, new Vec3(TABLE_HALF_WIDTH_MM - TABLE_SHELL_MM,
                TABLE_HALF_HEIGHT_MM - TABLE_SHELL_MM, 2000));
        return List.of(Layer.of("table-shell", shell, Tissue.TABLE_SHELL_HU),
                Layer.of("table-foam", foam, Tissue.TABLE_FOAM_HU));
    }

    /**
     * @param studyIndex a study
     * @param seriesIndex a series of it (0 = primary)
     * @return the noise-free renderer of that series (cached)
     */
    public SliceRenderer renderer(int studyIndex, int seriesIndex) {
        return renderers.computeIfAbsent(studyIndex + "/" + seriesIndex, k -> new SliceRenderer(
                placedLayers(studyIndex), Tissue.AIR_HU, series(studyIndex, seriesIndex).acquisition().geometry()));
    }

    private SeriesPlan series(int studyIndex, int seriesIndex) {
        List<SeriesPlan> all = study(studyIndex).series();
        if (seriesIndex < 0 || seriesIndex >= all.size()) {
            throw new IllegalArgumentException("study " + studyIndex + " has no series " + seriesIndex);
        }
        return all.get(seriesIndex);
    }

    /**
     * @param studyIndex a study
     * @param seriesIndex a series of it
     * @param slice slice index (0 = instance 1)
     * @param withNoise add the series' noise
     * @return matrix x matrix HU values, row by row
     */
    public float[] renderSlice(int studyIndex, int seriesIndex, int slice, boolean withNoise) {
        SeriesPlan s = series(studyIndex, seriesIndex);
        float[] hu = renderer(studyIndex, seriesIndex).render(slice);
        if (withNoise) {
            int m = s.acquisition().matrix();
            new CtNoise(s.kernel(), s.noiseSigmaHu()).addTo(hu, m, m, PhantomRandom.seedOf(
                    plan.uidKey() + "/study=" + studyIndex + "/series=" + s.number() + "/slice=" + slice));
        }
        return hu;
    }

    /** @return Study Instance UID of a study */
    public String studyInstanceUid(int studyIndex) {
        return SyntheticUids.of(plan.uidKey() + "/study=" + studyIndex);
    }

    /** @return Frame of Reference UID of a study */
    public String frameOfReferenceUid(int studyIndex) {
        return SyntheticUids.of(plan.uidKey() + "/study=" + studyIndex + "/frame-of-reference");
    }

    /** @return Series Instance UID of a series */
    public String seriesInstanceUid(int studyIndex, int seriesIndex) {
        return SyntheticUids.of(plan.uidKey() + "/study=" + studyIndex + "/series="
                + series(studyIndex, seriesIndex).number());
    }

    /**
     * @param studyIndex a study
     * @param seriesIndex a series of it
     * @return identity and geometry for the DICOM writer
     */
    public CtSeries ctSeries(int studyIndex, int seriesIndex) {
        StudyPlan st = study(studyIndex);
        SeriesPlan s = series(studyIndex, seriesIndex);
        Acquisition a = s.acquisition();
        String accession = String.format(Locale.ROOT, "A%08d",
                Math.floorMod(PhantomRandom.seedOf(plan.uidKey() + "/accession/" + studyIndex), 100_000_000L));
        CtSeries.Study study = new CtSeries.Study(studyInstanceUid(studyIndex), Integer.toString(studyIndex + 1),
                accession, st.date(), st.time(), st.description());
        return new CtSeries(new CtSeries.Patient(plan.patientId(), plan.patientName(), plan.birthDate(), plan.sex()),
                study, seriesInstanceUid(studyIndex, seriesIndex), s.number(), s.description(),
                frameOfReferenceUid(studyIndex), s.kernel().dicomName(), a.matrix(), a.matrix(), a.pixelSpacingMm(),
                a.pixelSpacingMm(), a.sliceThicknessMm(), AXIAL, a.imagePositions(), RESCALE_INTERCEPT,
                CtSeries.CHEST_WINDOWS);
    }

    /**
     * @param studyIndex a study
     * @param generator what generates it
     * @param transferSyntax how its files are encoded
     * @return its ground truth
     */
    public StudyTruth truth(int studyIndex, GeneratorInfo generator, PixelTransferSyntax transferSyntax) {
        StudyPlan st = study(studyIndex);
        RigidTransform t = st.canonicalToPatient();
        List<SeriesTruth> series = new ArrayList<>();
        for (int i = 0; i < st.series().size(); i++) {
            SeriesPlan s = st.series().get(i);
            Acquisition a = s.acquisition();
            series.add(new SeriesTruth(seriesInstanceUid(studyIndex, i), s.number(), s.folder(), s.description(),
                    s.kernel().dicomName(), transferSyntax.uid(), a.matrix(), a.matrix(),
                    Rounding.round(new double[] {a.pixelSpacingMm(), a.pixelSpacingMm()}, 9),
                    Rounding.round(a.fieldOfViewMm(), 4),
                    Rounding.round(new double[] {a.centreXMm(), a.centreYMm()}, 4),
                    Rounding.round(a.sliceThicknessMm(), 4), Rounding.round(a.sliceSpacingMm(), 4), a.numberOfSlices(),
                    Rounding.round(a.imagePosition(0), 6), Rounding.round(a.imagePosition(a.numberOfSlices() - 1), 6),
                    Rounding.round(s.noiseSigmaHu(), 3),
                    SliceRenderer.planesPerSlice(a.sliceThicknessMm(), a.pixelSpacingMm())));
        }
        long days = ChronoUnit.DAYS.between(plan.studies().get(0).date(), st.date());
        return new StudyTruth(StudyTruth.SCHEMA, StudyTruth.SCHEMA_VERSION, StudyTruth.NOTE, generator, plan.key(),
                plan.patientId(), plan.scenario(), studyIndex, st.key(), studyInstanceUid(studyIndex),
                st.date().toString(), ISO_TIME.format(st.time()), Math.toIntExact(days),
                frameOfReferenceUid(studyIndex), TransformTruth.of(t, st.eulerDegrees()), series,
                lesionTruths(studyIndex));
    }

    /**
     * @param studyIndex a study
     * @return every lesion present in it or in the previous study, nodules first, by id
     */
    public List<LesionTruth> lesionTruths(int studyIndex) {
        List<LesionTruth> out = new ArrayList<>();
        List<NoduleTrack> nodules = new ArrayList<>(plan.nodules());
        nodules.sort(Comparator.comparing(NoduleTrack::id));
        for (NoduleTrack n : nodules) {
            LesionTruth l = noduleTruth(n, studyIndex);
            if (l != null) {
                out.add(l);
            }
        }
        List<EffusionTrack> effusions = new ArrayList<>(plan.effusions());
        effusions.sort(Comparator.comparing(EffusionTrack::id));
        for (EffusionTrack e : effusions) {
            LesionTruth l = effusionTruth(e, studyIndex);
            if (l != null) {
                out.add(l);
            }
        }
        return out;
    }

    private LesionTruth noduleTruth(NoduleTrack n, int i) {
        boolean now = n.presentIn(i);
        boolean before = i > 0 && n.presentIn(i - 1);
        if (!now && !before) {
            return null;
        }
        StudyPlan st = study(i);
        RigidTransform t = st.canonicalToPatient();
        String status;
        if (now && i == 0) {
            status = "baseline";
        } else if (now && !before) {
            status = "new";
        } else if (!now) {
            status = "resolved";
        } else {
            status = n.growth().isStable() ? "stable"
                    : n.growth().volumeDoublingTimeDays() > 0 ? "growing" : "shrinking";
        }
        GrowthModel g = n.growth();
        GrowthTruth growth = new GrowthTruth(g.jsonName(),
                g.isStable() ? null : Rounding.round(g.volumeDoublingTimeDays(), 3), n.referenceDate().toString(),
                Rounding.round(n.volumeMlOn(n.referenceDate()), 6));
        Double previousVolume = null;
        Double change = null;
        Integer daysSince = null;
        double volume = now ? n.volumeMlOn(st.date()) : 0;
        if (i > 0) {
            StudyPlan prev = study(i - 1);
            double pv = before ? n.volumeMlOn(prev.date()) : 0;
            previousVolume = Rounding.round(pv, 6);
            if (now && before) {
                change = Rounding.round(100 * (volume / pv - 1), 3);
            }
            daysSince = Math.toIntExact(ChronoUnit.DAYS.between(prev.date(), st.date()));
        }
        Vec3 centre = t.apply(n.centre());
        double[] diameters = {0, 0, 0};
        double[][] axes = Rotation.IDENTITY.toMatrix();
        double[] extent = {0, 0, 0};
        Double core = null;
        if (now) {
            Ellipsoid e = n.shapeOn(st.date()).transformed(t);
            double[] r = e.radii().toArray();
            Integer[] order = {0, 1, 2};
            Arrays.sort(order, (a, b) -> Double.compare(r[b], r[a]));
            for (int k = 0; k < 3; k++) {
                diameters[k] = Rounding.round(2 * r[order[k]], 4);
                axes[k] = Rounding.round(e.axes().column(order[k]).toArray(), 9);
            }
            Box b = e.bounds();
            extent = Rounding.round(new double[] {b.maxX() - b.minX(), b.maxY() - b.minY(), b.maxZ() - b.minZ()}, 4);
            if (n.solidCoreFraction() > 0) {
                core = Rounding.round(2 * r[order[0]] * n.solidCoreFraction(), 4);
            }
        }
        return new LesionTruth(n.id(), n.lesionClass().jsonName(), n.side().jsonName(), now, status,
                Rounding.round(centre.toArray(), 4), diameters, axes, extent, Rounding.round(volume, 6),
                Rounding.round(n.meanHu(), 3), core, core == null ? null : Rounding.round(n.solidCoreHu(), 3), growth,
                previousVolume, change, daysSince,
                Rounding.round(n.centre().toArray(), 4));
    }

    private LesionTruth effusionTruth(EffusionTrack e, int i) {
        boolean now = e.presentIn(i);
        boolean before = i > 0 && e.presentIn(i - 1);
        if (!now && !before) {
            return null;
        }
        StudyPlan st = study(i);
        RigidTransform t = st.canonicalToPatient();
        double volume = now ? fluid(e, i).volumeMl() : 0;
        double previous = before ? fluid(e, i - 1).volumeMl() : 0;
        String status;
        if (now && i == 0) {
            status = "baseline";
        } else if (now && !before) {
            status = "new";
        } else if (!now) {
            status = "resolved";
        } else {
            double ratio = volume / previous;
            status = ratio > 1 + EFFUSION_STABLE_FRACTION ? "growing"
                    : ratio < 1 - EFFUSION_STABLE_FRACTION ? "shrinking" : "stable";
        }
        // Centre and size where it is now; a resolved effusion keeps the centroid it had before.
        int measured = now ? i : i - 1;
        EffusionGeometry.Measurement m = effusionGeometry(e.side()).measure(fluid(e, measured),
                study(measured).canonicalToPatient());
        Vec3 canonical = study(measured).canonicalToPatient().inverse().apply(m.centroidMm());
        Vec3 centre = t.apply(canonical);
        double[] extent = now ? Rounding.round(new double[] {m.bounds().maxX() - m.bounds().minX(),
            m.bounds().maxY() - m.bounds().minY(), m.bounds().maxZ() - m.bounds().minZ()}, 4) : new double[3];
        Double previousVolume = i > 0 ? Rounding.round(previous, 6) : null;
        Double change = now && before ? Rounding.round(100 * (volume / previous - 1), 3) : null;
        Integer daysSince = i > 0 ? Math.toIntExact(ChronoUnit.DAYS.between(study(i - 1).date(), st.date())) : null;
        return new LesionTruth(e.id(), LesionClass.PLEURAL_EFFUSION.jsonName(), e.side().jsonName(), now, status,
                Rounding.round(centre.toArray(), 4), extent.clone(), Rotation.IDENTITY.toMatrix(), extent,
                Rounding.round(volume, 6), Rounding.round(e.hu(), 3), null, null,
                new GrowthTruth(GrowthTruth.PER_STUDY_VOLUME, null, null, null), previousVolume, change, daysSince,
                Rounding.round(canonical.toArray(), 4));
    }
}
