/**
 * Turning a volume into network input: window, resample in plane, gather 2.5D slice context,
 * normalise. One code path for training and inference: the training module calls the same
 * {@link org.dicomcnn.preprocess.Preprocessor} (with an augmenting {@link
 * org.dicomcnn.preprocess.SlicePlane}) that the classifier uses, so a model sees at run time
 * exactly what it saw in training.
 */
package org.dicomcnn.preprocess;
