/**
 * Small immutable geometry values for the phantom generator: vectors, rotations, rigid
 * transforms and axis-aligned boxes, all in millimetres. Trigonometry goes through
 * {@link java.lang.StrictMath} so that a seed gives the same bytes on every JVM and CPU.
 */
package org.dicomcnn.samples.geometry;
