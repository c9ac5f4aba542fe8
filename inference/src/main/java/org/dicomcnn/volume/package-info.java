/**
 * Volumes: a series' frames decoded to float voxels (HU for CT), sorted along the slice normal,
 * with the voxel &lt;-&gt; patient-millimetre geometry later stages use for centroids, sizes and
 * registration. {@link org.dicomcnn.volume.SeriesLoader} builds them;
 * {@link org.dicomcnn.volume.StackPlanner} decides order and splits, and says why.
 */
package org.dicomcnn.volume;
