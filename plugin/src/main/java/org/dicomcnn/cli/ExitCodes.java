package org.dicomcnn.cli;

/** Exit codes of every {@code dicomcnn} subcommand. */
public final class ExitCodes {

    /** Everything asked for was done. */
    public static final int OK = 0;

    /** The work was done, but some files or series could not be used; they are listed. */
    public static final int SOME_INPUT_FAILED = 1;

    /** The command line was wrong (picocli's usage error code). */
    public static final int USAGE = 2;

    /** Nothing usable was found: the folder is missing or holds no readable DICOM. */
    public static final int NO_INPUT = 3;

    private ExitCodes() {}
}
