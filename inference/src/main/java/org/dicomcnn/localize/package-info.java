/**
 * From classifier outputs to findings a radiologist can see: class-activation heatmaps
 * (Grad-CAM for our own networks, Score-CAM on a TorchScript model's feature output, occlusion
 * when neither is available), their assembly into 3-D components, region proposals scored in
 * the spirit of Fast R-CNN, and the refinement of each component on the image into a
 * {@link org.dicomcnn.localize.Finding} with a centre in patient millimetres, a diameter and a
 * volume. Every finding records which method placed it.
 */
package org.dicomcnn.localize;
