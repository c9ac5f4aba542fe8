package org.dicomcnn.samples.cohort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.lesion.EffusionTrack;
import org.dicomcnn.samples.lesion.NoduleTrack;
import org.dicomcnn.samples.phantom.ChestAnatomy;
import org.dicomcnn.samples.phantom.PhantomRandom;
import org.dicomcnn.samples.phantom.ReconstructionKernel;
import org.dicomcnn.samples.phantom.Shape;
import org.dicomcnn.samples.phantom.Side;

/**
 * Planning steps shared by the random cohort and the committed preset: fitting an acquisition to
 * the lungs of a positioned patient, the noise a protocol has, the extra reconstructions, and
 * finding room for a nodule.
 */
final class StudyPlanner {

    /** Study Description of every study. */
    static final String STUDY_DESCRIPTION = "CT CHEST WITHOUT CONTRAST";

    /** Slices extend this far beyond the lungs at both ends, mm. */
    static final double COVERAGE_MARGIN_MM = 10;

    /** Noise of the standard kernel at {@link #REFERENCE_THICKNESS_MM} for an average patient, HU. */
    static final double REFERENCE_NOISE_HU = 25;

    /** Slice thickness the reference noise applies to, mm. */
    static final double REFERENCE_THICKNESS_MM = 1.25;

    /** Body width of the average patient, mm. */
    static final double REFERENCE_BODY_WIDTH_MM = 336;

    private static final double MIN_NOISE_HU = 8;
    private static final double MAX_NOISE_HU = 45;

    /** Field of view limits, mm. */
    private static final double MIN_FOV_MM = 250;
    private static final double MAX_FOV_MM = 500;

    /** Random centres tried for one nodule before giving up. */
    private static final int MAX_PLACEMENT_ATTEMPTS = 20_000;

    private StudyPlanner() {}

    /** @return the z range [min, max] of the lungs in a study's patient frame */
    static double[] lungRangeZ(ChestAnatomy a, RigidTransform t) {
        Box b = a.lungsBounds().transformed(t);
        return new double[] {b.minZ(), b.maxZ()};
    }

    /** @return the body's width (x extent) in mm */
    static double bodyWidthMm(ChestAnatomy a) {
        return 2 * a.bodyHalfSize().x();
    }

    /**
     * @param a anatomy
     * @param t the study's repositioning
     * @param spec the protocol
     * @param r jitter of table start and reconstruction centre
     * @return slices centred on the lungs (with the spec's count) or covering them with a margin
     */
    static Acquisition acquire(ChestAnatomy a, RigidTransform t, AcquisitionSpec spec, PhantomRandom r) {
        double[] lungs = lungRangeZ(a, t);
        double spacing = spec.sliceSpacingMm();
        int n;
        double first;
        if (spec.slices() > 0) {
            n = spec.slices();
            double centre = (lungs[0] + lungs[1]) / 2 + r.uniform(-0.25, 0.25) * spacing;
            first = centre + (n - 1) / 2.0 * spacing;
        } else {
            double top = lungs[1] + COVERAGE_MARGIN_MM + r.uniform(0, 5);
            double bottom = lungs[0] - COVERAGE_MARGIN_MM - r.uniform(0, 5);
            n = (int) Math.ceil((top - bottom) / spacing) + 1;
            first = top;
        }
        double width = bodyWidthMm(a);
        double fov = spec.fieldOfViewMm() > 0 ? spec.fieldOfViewMm()
                : Math.min(MAX_FOV_MM, Math.max(MIN_FOV_MM, 10 * Math.ceil((width + r.uniform(25, 60)) / 10)));
        Vec3 bodyCentre = t.apply(a.bodyCentre());
        double cx = Math.round((bodyCentre.x() + r.uniform(-6, 6)) * 10) / 10.0;
        double cy = Math.round((bodyCentre.y() + r.uniform(-6, 6)) * 10) / 10.0;
        return new Acquisition(spec.matrix(), fov / spec.matrix(), cx, cy, spec.sliceThicknessMm(), spacing, n,
                Math.round(first * 100) / 100.0);
    }

    /**
     * @param a anatomy
     * @param thicknessMm slice thickness
     * @param kernel reconstruction kernel
     * @param scale the options' noise scale
     * @return noise sigma: thinner slices and larger patients are noisier
     */
    static double noiseSigma(ChestAnatomy a, double thicknessMm, ReconstructionKernel kernel, double scale) {
        double size = StrictMath.pow(bodyWidthMm(a) / REFERENCE_BODY_WIDTH_MM, 1.5);
        double sigma = REFERENCE_NOISE_HU * Math.sqrt(REFERENCE_THICKNESS_MM / thicknessMm) * size
                * kernel.noiseFactor();
        return Math.round(scale * Math.max(MIN_NOISE_HU, Math.min(MAX_NOISE_HU, sigma)) * 100) / 100.0;
    }

    /**
     * @param a anatomy
     * @param primary the primary acquisition
     * @param extra number of additional reconstructions (0..2): first a sharp lung kernel on the
     *     same slices, then thick slabs (5 mm or twice the primary)
     * @param noiseScale the options' noise scale
     * @return the series of a study
     */
    static List<SeriesPlan> series(ChestAnatomy a, Acquisition primary, int extra, double noiseScale) {
        List<SeriesPlan> out = new ArrayList<>();
        out.add(new SeriesPlan(1, "series-1", description(primary, ReconstructionKernel.STANDARD),
                ReconstructionKernel.STANDARD, primary,
                noiseSigma(a, primary.sliceThicknessMm(), ReconstructionKernel.STANDARD, noiseScale)));
        for (int e = 1; e <= extra; e++) {
            Acquisition acq = primary;
            ReconstructionKernel k = ReconstructionKernel.LUNG;
            if (e == 2) {
                k = ReconstructionKernel.STANDARD;
                double thick = Math.max(5, 2 * primary.sliceThicknessMm());
                double span = (primary.numberOfSlices() - 1) * primary.sliceSpacingMm();
                int n = Math.max(1, (int) Math.floor(span / thick) + 1);
                acq = new Acquisition(primary.matrix(), primary.pixelSpacingMm(), primary.centreXMm(),
                        primary.centreYMm(), thick, thick, n, primary.firstSliceZMm());
            }
            out.add(new SeriesPlan(e + 1, "series-" + (e + 1), description(acq, k), k, acq,
                    noiseSigma(a, acq.sliceThicknessMm(), k, noiseScale)));
        }
        return out;
    }

    private static String description(Acquisition a, ReconstructionKernel k) {
        return String.format(Locale.ROOT, "AXIAL %.2f MM %s", a.sliceThicknessMm(), k.dicomName())
                .replace(".00 MM", ".0 MM");
    }

    /**
     * Finds a centre for a nodule: inside the lung (or touching its surface, for a
     * juxtapleural one), clear of other nodules and of every study's effusion, and inside
     * every study's slices.
     *
     * @param phantom the patient so far (studies and effusions planned)
     * @param side the lung
     * @param maxRadiusMm the nodule's largest semi-axis over all studies
     * @param juxtapleural whether it should touch the pleura
     * @param preferred fractions (0..1) of the lung's bounding box to search around first, or null
     * @param others nodules already placed
     * @param r random stream
     * @return the canonical centre
     */
    static Vec3 placeNodule(PatientPhantom phantom, Side side, double maxRadiusMm, boolean juxtapleural,
            Vec3 preferred, List<NoduleTrack> others, PhantomRandom r) {
        ChestAnatomy a = phantom.anatomy();
        Shape lung = a.lung(side);
        Box box = a.lungBounds(side);
        List<Shape> fluids = new ArrayList<>();
        for (EffusionTrack e : phantom.plan().effusions()) {
            for (int i = 0; i < phantom.plan().studies().size(); i++) {
                if (e.presentIn(i)) {
                    fluids.add(phantom.fluid(e, i).region());
                }
            }
        }
        for (int attempt = 0; attempt < MAX_PLACEMENT_ATTEMPTS; attempt++) {
            Vec3 c;
            if (preferred != null && attempt < 2_000) {
                double spread = 0.06 + 0.2 * attempt / 2_000.0;
                c = new Vec3(box.minX() + (box.maxX() - box.minX()) * clamp01(preferred.x() + r.uniform(-spread, spread)),
                        box.minY() + (box.maxY() - box.minY()) * clamp01(preferred.y() + r.uniform(-spread, spread)),
                        box.minZ() + (box.maxZ() - box.minZ()) * clamp01(preferred.z() + r.uniform(-spread, spread)));
            } else {
                c = new Vec3(r.uniform(box.minX(), box.maxX()), r.uniform(box.minY(), box.maxY()),
                        r.uniform(box.minZ(), box.maxZ()));
            }
            if (fits(phantom, lung, fluids, c, maxRadiusMm, juxtapleural, others)) {
                return c;
            }
        }
        throw new IllegalStateException("no room for a " + Math.round(2 * maxRadiusMm) + " mm nodule in the "
                + side.jsonName() + " lung of " + phantom.plan().key());
    }

    private static boolean fits(PatientPhantom phantom, Shape lung, List<Shape> fluids, Vec3 c, double radius,
            boolean juxtapleural, List<NoduleTrack> others) {
        double d = lung.signedDistance(c.x(), c.y(), c.z());
        if (juxtapleural ? d > -(radius - 1.8) || d < -(radius - 0.2) : d > -(radius + 2.5)) {
            return false;
        }
        for (NoduleTrack o : others) {
            double ro = maxRadius(o, phantom.plan());
            if (o.centre().minus(c).length() < radius + ro + 4) {
                return false;
            }
        }
        for (Shape f : fluids) {
            if (f.signedDistance(c.x(), c.y(), c.z()) < radius + 4) {
                return false;
            }
        }
        for (StudyPlan s : phantom.plan().studies()) {
            double z = s.canonicalToPatient().apply(c).z();
            for (SeriesPlan sp : s.series()) {
                Acquisition acq = sp.acquisition();
                double top = acq.sliceZ(0);
                double bottom = acq.sliceZ(acq.numberOfSlices() - 1);
                if (z > top - radius - 2 || z < bottom + radius + 2) {
                    return false;
                }
            }
        }
        return true;
    }

    /** @return the largest semi-axis a nodule reaches in any study where it exists */
    static double maxRadius(NoduleTrack n, PatientPlan plan) {
        double m = 0;
        for (StudyPlan s : plan.studies()) {
            if (n.presentIn(s.index())) {
                Vec3 r = n.radiiOn(s.date());
                m = Math.max(m, Math.max(r.x(), Math.max(r.y(), r.z())));
            }
        }
        return m;
    }

    /** @return a random orientation */
    static Rotation randomAxes(PhantomRandom r) {
        return Rotation.fromEulerDegrees(r.uniform(-180, 180), r.uniform(-90, 90), r.uniform(-180, 180));
    }

    private static double clamp01(double v) {
        return Math.max(0.02, Math.min(0.98, v));
    }
}
