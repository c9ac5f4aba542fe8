/**
 * Temporal comparison: a patient's studies over time. Rigid registration of each prior to the
 * current study ({@link org.dicomcnn.temporal.RigidRegistration}), so findings and images of
 * different dates can be compared in one frame although each study has its own Frame of
 * Reference.
 */
package org.dicomcnn.temporal;
