/**
 * Classifying a volume slice by slice: batched inference with preprocessing running ahead on
 * other threads, per-slice probabilities and a series score per class by a documented rule
 * ({@link org.dicomcnn.classify.SeriesScore}).
 */
package org.dicomcnn.classify;
