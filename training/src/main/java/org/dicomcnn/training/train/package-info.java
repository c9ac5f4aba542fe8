/**
 * The DJL trainer: configuration, class-balanced sampling with augmentation through the
 * inference module's preprocessor, a masked multi-label loss, checkpoints every epoch with resume,
 * early stopping on validation AUC and a CSV log of every epoch.
 */
package org.dicomcnn.training.train;
