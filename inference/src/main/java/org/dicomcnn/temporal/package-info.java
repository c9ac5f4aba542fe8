/**
 * Temporal comparison: a patient's studies over time. {@link org.dicomcnn.temporal.Timelines}
 * orders a patient's studies into a {@link org.dicomcnn.temporal.Timeline} (the current study and
 * its priors) and picks the series to compare in each by the rules of
 * {@link org.dicomcnn.temporal.ComparableSeries}; rigid registration of each prior to the current
 * study ({@link org.dicomcnn.temporal.RigidRegistration}) then lets findings and images of
 * different dates be compared in one frame although each study has its own Frame of Reference.
 * {@link org.dicomcnn.temporal.LesionComparison} maps each prior's findings into the current frame,
 * gives them a tracking identity across all studies ({@link org.dicomcnn.temporal.LesionTracker},
 * optimal {@link org.dicomcnn.temporal.Assignment}) and measures each lesion's change
 * ({@link org.dicomcnn.temporal.ChangeAnalysis}: status by a named
 * {@link org.dicomcnn.temporal.GrowthCriterion}, doubling time, trend).
 */
package org.dicomcnn.temporal;
