package org.dicomcnn.imagej;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.dicomcnn.samples.codec.PixelTransferSyntax;
import org.dicomcnn.samples.cohort.CohortGenerator;
import org.dicomcnn.samples.cohort.CommittedSamples;
import org.dicomcnn.samples.cohort.PatientPhantom;
import org.dicomcnn.samples.cohort.PatientPlan;
import org.dicomcnn.samples.cohort.StudyPlan;
import org.dicomcnn.samples.testing.TestData;

/**
 * The committed growing-nodule patient with a third study: its two committed studies copied, and
 * a later one generated from the same phantom (same Patient ID, the nodule grown further), so
 * that the current study has two priors.
 */
final class ThreeStudyPatient {

    /** The first prior's Study Date (the committed study-1). */
    static final LocalDate FIRST = LocalDate.of(2022, 5, 25);
    /** The second prior's Study Date (the committed study-2). */
    static final LocalDate SECOND = LocalDate.of(2022, 11, 23);
    /** The generated current study's Study Date, 91 days after the second. */
    static final LocalDate CURRENT = SECOND.plusDays(91);

    private ThreeStudyPatient() {
    }

    /**
     * Writes the patient's three studies.
     *
     * @param dir the patient folder to create; study-1 and study-2 copied, study-3 generated
     * @return {@code dir}
     * @throws IOException if a file cannot be copied or written
     */
    static Path write(Path dir) throws IOException {
        Path committed = TestData.committedSamples().resolve(CommittedSamples.GROWING);
        for (String study : List.of("study-1", "study-2")) {
            Path from = committed.resolve(study);
            try (Stream<Path> files = Files.walk(from)) {
                for (Path f : (Iterable<Path>) files::iterator) {
                    Path to = dir.resolve(study).resolve(from.relativize(f).toString());
                    if (Files.isDirectory(f)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(f, to);
                    }
                }
            }
        }
        PatientPhantom phantom = TestData.committedPhantom(CommittedSamples.GROWING);
        PatientPlan plan = phantom.plan();
        StudyPlan last = plan.studies().get(1);
        if (!last.date().equals(SECOND) || !plan.studies().get(0).date().equals(FIRST)) {
            throw new IllegalStateException("the committed growing-nodule plan's dates changed: " + plan.studies());
        }
        StudyPlan third = new StudyPlan(2, "study-3", CURRENT, last.time(), last.eulerDegrees(), last.translationMm(),
                last.description(), last.series());
        PatientPlan three = new PatientPlan(plan.key(), plan.uidKey(), plan.patientId(), plan.patientName(),
                plan.sex(), plan.birthDate(), plan.scenario(), plan.habitus(), plan.anatomyKey(), plan.treePoints(),
                List.of(plan.studies().get(0), last, third), plan.nodules(), plan.effusions());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CohortGenerator.writeSeries(phantom.withPlan(three), 2, 0,
                    dir.resolve("study-3").resolve(last.series().get(0).folder()),
                    PixelTransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN, pool);
        } finally {
            pool.shutdown();
        }
        return dir;
    }
}
