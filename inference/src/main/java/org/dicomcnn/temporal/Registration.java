package org.dicomcnn.temporal;

/**
 * The result of registering a prior to the current study.
 *
 * @param currentToPrior maps a point of the current study's patient frame (mm) to the same
 *     anatomy in the prior's; identity when the registration could not start
 * @param correlation normalised cross-correlation over the current study's body at the finest
 *     level (1 = identical up to contrast), or -1 when none was measured
 * @param overlap share of the current study's body samples that fall inside the prior (0..1)
 * @param problem why the result must not be trusted, or null when it passed its checks
 * @param evaluations similarity evaluations made, all levels
 * @param seconds wall time
 */
public record Registration(RigidTransform currentToPrior, double correlation, double overlap, String problem,
        int evaluations, double seconds) {

    /** A registration that could not start. */
    static Registration failed(String problem, double seconds) {
        return new Registration(RigidTransform.IDENTITY, -1, 0, problem, 0, seconds);
    }

    /** @return whether the result failed its quality checks */
    public boolean failed() {
        return problem != null;
    }
}
