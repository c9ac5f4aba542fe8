package org.dicomcnn.samples.phantom;

import java.util.Objects;
import org.dicomcnn.samples.geometry.Box;
import org.dicomcnn.samples.geometry.RigidTransform;
import org.dicomcnn.samples.geometry.Rotation;

/**
 * A shape defined in its own frame, placed by a rigid transform (local to world). Distances are
 * preserved by rigid motion, so the local signed distance is the world one.
 */
public final class Placed implements Shape {

    private final Shape local;
    private final RigidTransform frame;
    private final double[] inv;
    private final double tx;
    private final double ty;
    private final double tz;
    private final Box bounds;

    /**
     * @param local the shape in its own frame
     * @param frame maps local to world coordinates
     */
    public Placed(Shape local, RigidTransform frame) {
        this.local = Objects.requireNonNull(local, "local");
        this.frame = Objects.requireNonNull(frame, "frame");
        Rotation t = frame.rotation().transpose();
        inv = new double[9];
        for (int i = 0; i < 9; i++) {
            inv[i] = t.get(i / 3, i % 3);
        }
        tx = frame.translationMm().x();
        ty = frame.translationMm().y();
        tz = frame.translationMm().z();
        bounds = local.bounds().transformed(frame);
    }

    @Override
    public double signedDistance(double x, double y, double z) {
        double px = x - tx;
        double py = y - ty;
        double pz = z - tz;
        return local.signedDistance(inv[0] * px + inv[1] * py + inv[2] * pz, inv[3] * px + inv[4] * py + inv[5] * pz,
                inv[6] * px + inv[7] * py + inv[8] * pz);
    }

    @Override
    public double coverage(double x, double y, double z, double widthMm) {
        double px = x - tx;
        double py = y - ty;
        double pz = z - tz;
        return local.coverage(inv[0] * px + inv[1] * py + inv[2] * pz, inv[3] * px + inv[4] * py + inv[5] * pz,
                inv[6] * px + inv[7] * py + inv[8] * pz, widthMm);
    }

    @Override
    public Box bounds() {
        return bounds;
    }

    @Override
    public Shape transformed(RigidTransform t) {
        return new Placed(local, t.after(frame));
    }
}
