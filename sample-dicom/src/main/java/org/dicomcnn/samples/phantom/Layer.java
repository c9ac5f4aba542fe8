package org.dicomcnn.samples.phantom;

import java.util.List;
import java.util.Objects;
import org.dicomcnn.samples.geometry.RigidTransform;

/**
 * One material painted over what lies below it: every part is blended in with its coverage f,
 * v = v (1 - f) + HU f. Layers are painted in list order, so a later layer (a nodule) replaces
 * an earlier one (lung) where it is solid, and mixes with it at its edge.
 *
 * @param name what the layer is, for logs and tests ("lung-right", "vessels")
 * @param parts the shapes, painted one after another
 * @param hu the material
 */
public record Layer(String name, List<Shape> parts, HuModel hu) {

    /** Copies the parts. */
    public Layer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hu, "hu");
        parts = List.copyOf(parts);
    }

    /** A layer of one shape. */
    public static Layer of(String name, Shape shape, double hu) {
        return new Layer(name, List.of(shape), HuModel.constant(hu));
    }

    /** A layer of several shapes of one material. */
    public static Layer of(String name, List<? extends Shape> shapes, double hu) {
        return new Layer(name, List.copyOf(shapes), HuModel.constant(hu));
    }

    /**
     * @param canonicalToStudy a study's repositioning
     * @return the layer moved into that study's patient frame
     */
    public Layer placed(RigidTransform canonicalToStudy) {
        return new Layer(name, parts.stream().map(s -> s.transformed(canonicalToStudy)).toList(),
                hu.placed(canonicalToStudy));
    }
}
