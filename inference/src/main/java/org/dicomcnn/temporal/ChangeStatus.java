package org.dicomcnn.temporal;

/**
 * What happened to a tracked lesion between two studies, as decided by a {@link GrowthCriterion}.
 */
public enum ChangeStatus {
    /** Present in the current study, absent from the prior. */
    NEW,
    /** Present in the prior study, absent from the current. */
    RESOLVED,
    /** Present in both; the change is within the criterion's threshold either way. */
    STABLE,
    /** Present in both; grown beyond the criterion's threshold. */
    GROWN,
    /** Present in both; shrunk beyond the criterion's threshold. */
    SHRUNK
}
