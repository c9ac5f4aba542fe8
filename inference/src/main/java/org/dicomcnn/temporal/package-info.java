/**
 * Temporal comparison: a patient's studies over time. {@link org.dicomcnn.temporal.Timelines}
 * orders a patient's studies into a {@link org.dicomcnn.temporal.Timeline} (the current study and
 * its priors) and picks the series to compare in each by the rules of
 * {@link org.dicomcnn.temporal.ComparableSeries}; rigid registration of each prior to the current
 * study ({@link org.dicomcnn.temporal.RigidRegistration}) then lets findings and images of
 * different dates be compared in one frame although each study has its own Frame of Reference.
 */
package org.dicomcnn.temporal;
