/**
 * Findings with known truth and how they change over time: solid and subsolid nodules as
 * ellipsoids that grow or shrink exponentially (V(t) = V0 2^(t / VDT), diameters with the cube
 * root), and pleural effusions as dependent fluid in a lung base whose level is solved for a
 * given volume under each study's direction of gravity.
 */
package org.dicomcnn.samples.lesion;
