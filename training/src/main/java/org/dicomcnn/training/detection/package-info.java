/**
 * Lesion-level evaluation against the phantom ground truth: findings matched to lesions by class
 * and centre distance, sensitivity, false positives per study and centre errors, and the choice
 * of finding thresholds and localisation method on validation data.
 */
package org.dicomcnn.training.detection;
