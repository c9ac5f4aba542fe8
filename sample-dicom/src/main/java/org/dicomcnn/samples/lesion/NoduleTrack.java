package org.dicomcnn.samples.lesion;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dicomcnn.samples.geometry.Rotation;
import org.dicomcnn.samples.geometry.Vec3;
import org.dicomcnn.samples.phantom.Ellipsoid;
import org.dicomcnn.samples.phantom.Layer;
import org.dicomcnn.samples.phantom.Side;

/**
 * One nodule through a patient's studies: an ellipsoid fixed in the canonical body frame whose
 * size follows a {@link GrowthModel} from a reference date. A part-solid nodule carries a
 * concentric solid core that scales with it.
 *
 * @param id stable identity across studies, e.g. "N1"
 * @param lesionClass {@link LesionClass#SOLID_NODULE} or {@link LesionClass#SUBSOLID_NODULE}
 * @param side the lung it lies in
 * @param centre canonical centre, mm
 * @param axes the ellipsoid's axes (columns), canonical frame
 * @param referenceRadiiMm semi-axes at the reference date, mm
 * @param referenceDate the date the reference size applies to
 * @param growth how the volume changes
 * @param hu attenuation of the nodule (the ground glass, for a subsolid one)
 * @param solidCoreFraction core semi-axes as a fraction of the nodule's (0 for none)
 * @param solidCoreHu attenuation of the core (ignored without one)
 * @param firstStudy index of the first study in which it exists (0 = baseline)
 * @param lastStudy index of the last study in which it exists ({@link Integer#MAX_VALUE}: all)
 */
public record NoduleTrack(String id, LesionClass lesionClass, Side side, Vec3 centre, Rotation axes,
        Vec3 referenceRadiiMm, LocalDate referenceDate, GrowthModel growth, double hu, double solidCoreFraction,
        double solidCoreHu, int firstStudy, int lastStudy) {

    /** Smallest and largest nodule diameters the generator makes (the 4..30 mm, with growth room). */
    public static final double MIN_DIAMETER_MM = 3;
    /** See {@link #MIN_DIAMETER_MM}. */
    public static final double MAX_DIAMETER_MM = 45;

    /** Validates the values. */
    public NoduleTrack {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(axes, "axes");
        Objects.requireNonNull(referenceDate, "referenceDate");
        Objects.requireNonNull(growth, "growth");
        if (lesionClass != LesionClass.SOLID_NODULE && lesionClass != LesionClass.SUBSOLID_NODULE) {
            throw new IllegalArgumentException("nodule " + id + " has class " + lesionClass);
        }
        double d = 2 * Math.max(referenceRadiiMm.x(), Math.max(referenceRadiiMm.y(), referenceRadiiMm.z()));
        if (!(Math.min(referenceRadiiMm.x(), Math.min(referenceRadiiMm.y(), referenceRadiiMm.z())) > 0)
                || d > MAX_DIAMETER_MM) {
            throw new IllegalArgumentException("nodule " + id + " radii " + referenceRadiiMm + " outside 0.."
                    + MAX_DIAMETER_MM / 2 + " mm");
        }
        if (!(solidCoreFraction >= 0 && solidCoreFraction < 1)) {
            throw new IllegalArgumentException("solid core fraction of " + id + " must be in [0, 1), got "
                    + solidCoreFraction);
        }
        if (solidCoreFraction > 0 && lesionClass != LesionClass.SUBSOLID_NODULE) {
            throw new IllegalArgumentException("only a subsolid nodule has a solid core (" + id + ")");
        }
        if (firstStudy < 0 || lastStudy < firstStudy) {
            throw new IllegalArgumentException("nodule " + id + " study range " + firstStudy + ".." + lastStudy);
        }
    }

    /** @return whether the nodule exists in study {@code index} */
    public boolean presentIn(int index) {
        return index >= firstStudy && index <= lastStudy;
    }

    /** @return days from the reference date to {@code date} */
    public long daysFromReference(LocalDate date) {
        return ChronoUnit.DAYS.between(referenceDate, date);
    }

    /** @return the semi-axes on {@code date}, mm */
    public Vec3 radiiOn(LocalDate date) {
        return referenceRadiiMm.times(growth.diameterFactor(daysFromReference(date)));
    }

    /** @return the volume on {@code date}, ml */
    public double volumeMlOn(LocalDate date) {
        Vec3 r = radiiOn(date);
        return 4.0 / 3.0 * Math.PI * r.x() * r.y() * r.z() / 1000;
    }

    /** @return the volume-weighted mean attenuation (the core counts for a part-solid nodule) */
    public double meanHu() {
        double core = solidCoreFraction * solidCoreFraction * solidCoreFraction;
        return core * solidCoreHu + (1 - core) * hu;
    }

    /** @return the nodule's ellipsoid on {@code date}, canonical frame */
    public Ellipsoid shapeOn(LocalDate date) {
        return new Ellipsoid(centre, axes, radiiOn(date));
    }

    /**
     * @param date the study date
     * @return the layers that paint the nodule (ground glass, then its core), canonical frame
     */
    public List<Layer> layersOn(LocalDate date) {
        List<Layer> out = new ArrayList<>();
        Ellipsoid e = shapeOn(date);
        out.add(Layer.of("nodule-" + id, e, hu));
        if (solidCoreFraction > 0) {
            out.add(Layer.of("nodule-" + id + "-core", new Ellipsoid(centre, axes, e.radii().times(solidCoreFraction)),
                    solidCoreHu));
        }
        return out;
    }
}
