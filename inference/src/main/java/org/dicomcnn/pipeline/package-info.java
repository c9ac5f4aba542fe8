/**
 * Wiring of the stages (index, load, preprocess, classify, localise, compare, report) into one
 * pipeline, and what every stage shares with its caller: progress reporting and cancellation.
 * Adapters (ImageJ commands, the batch macro, the command line) call this package; stages never
 * call back into an adapter.
 */
package org.dicomcnn.pipeline;
