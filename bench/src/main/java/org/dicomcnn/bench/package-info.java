/**
 * Benchmarks that run our code and a named peer on the same data in one run and print the ratio.
 * Run by the scripts in {@code bench/}, never by the test suite; results go to
 * {@code docs/benchmarks.md}.
 */
package org.dicomcnn.bench;
