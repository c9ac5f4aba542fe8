/**
 * The ground truth written beside each generated study ({@code ground-truth.json}) and the
 * cohort manifest ({@code cohort.json}): records that Jackson serialises deterministically
 * (fixed property order, plain decimals, "\n" line ends). Evaluation code reads these;
 * inference code never does. The schema is documented in {@code docs/phantoms.md}.
 */
package org.dicomcnn.samples.truth;
