/**
 * The command-line entry point ({@code dicomcnn}): picocli subcommands that parse options, call
 * the headless pipeline in {@code inference} and print results for people (a short summary, a
 * progress bar on the terminal) or machines ({@code --json}). Exit codes are documented on
 * {@link org.dicomcnn.cli.ExitCodes}.
 */
package org.dicomcnn.cli;
