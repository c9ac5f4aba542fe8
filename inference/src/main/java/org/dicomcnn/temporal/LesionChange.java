package org.dicomcnn.temporal;

import java.time.temporal.ChronoUnit;

/**
 * How one tracked lesion changed between a prior and a current study. Made by
 * {@link ChangeAnalysis#between}.
 *
 * <p>When the lesion is seen only in the current study (status {@link ChangeStatus#NEW}, prior
 * null) or only in the prior (status {@link ChangeStatus#RESOLVED}, current null) there is nothing
 * to subtract: every change quantity is null, the doubling time too, and {@code fastGrowth} is
 * false. When both are present every change quantity is set; the doubling time is null only when
 * both studies have the same date.
 *
 * <p><b>Fast growth.</b> {@code fastGrowth} is true exactly when the lesion is solid, the criterion
 * calls it {@link ChangeStatus#GROWN}, and its volume doubling time is under
 * {@value #FAST_GROWTH_VDT_DAYS} days. A VDT under 400 days is the mark of a solid malignancy
 * (BTS 2015, Callister et al., Thorax 2015: solid nodules with a VDT under 400 days are managed as
 * suspicious; NELSON). Subsolid nodules are never flagged: malignant subsolid nodules grow more
 * slowly, with doubling times often well over 400 days (Fleischner Society 2017, MacMahon et al.,
 * Radiology 2017, whose longer follow-up for subsolid nodules rests on that), so a 400-day cut
 * says little about them. The point estimate of the VDT is compared, not its interval; a lesion
 * whose change the criterion calls stable is not flagged however short its VDT.
 *
 * @param prior the prior measurement; null for a new lesion
 * @param current the current measurement; null for a resolved lesion
 * @param solid whether the lesion is solid (false for subsolid: part-solid or ground glass)
 * @param criterion the rule that set the status
 * @param status what happened; NEW exactly when prior is null, RESOLVED exactly when current is
 *     null
 * @param intervalDays days from the prior to the current study date, 0 or more
 * @param diameterChangeMm current minus prior mean diameter, mm
 * @param diameterChangeRelative that change as a fraction of the prior mean diameter (0.26 is
 *     +26 %)
 * @param volumeChangeMl current minus prior volume, ml
 * @param volumeChangeRelative that change as a fraction of the prior volume
 * @param probabilityChange current minus prior probability (probability points, -1..1)
 * @param doublingTime the volume doubling time from the two measurements with its 95 % interval
 *     ({@link ChangeAnalysis#between}); null when not computable
 * @param fastGrowth solid, grown, and VDT under {@value #FAST_GROWTH_VDT_DAYS} days
 */
public record LesionChange(
        LesionMeasurement prior,
        LesionMeasurement current,
        boolean solid,
        GrowthCriterion criterion,
        ChangeStatus status,
        Long intervalDays,
        Double diameterChangeMm,
        Double diameterChangeRelative,
        Double volumeChangeMl,
        Double volumeChangeRelative,
        Double probabilityChange,
        DoublingTime doublingTime,
        boolean fastGrowth) {

    /** Volume doubling times under this many days flag a grown solid lesion as fast growing. */
    public static final double FAST_GROWTH_VDT_DAYS = 400;

    /**
     * Checks that the status fits the measurements present, that the change quantities are all
     * null (one measurement) or all finite (two, interval matching the dates), and that
     * {@code fastGrowth} is exactly its definition.
     */
    public LesionChange {
        if (criterion == null || status == null) {
            throw new IllegalArgumentException("criterion and status are required; got " + criterion + ", " + status);
        }
        if (prior == null && current == null) {
            throw new IllegalArgumentException("a lesion change needs a prior or a current measurement; both are null");
        }
        ChangeStatus expected = prior == null ? ChangeStatus.NEW : current == null ? ChangeStatus.RESOLVED : null;
        if (expected != null ? status != expected
                : status == ChangeStatus.NEW || status == ChangeStatus.RESOLVED) {
            throw new IllegalArgumentException("status " + status + " does not fit prior "
                    + (prior == null ? "absent" : "present") + ", current " + (current == null ? "absent" : "present"));
        }
        if (expected != null) {
            if (intervalDays != null || diameterChangeMm != null || diameterChangeRelative != null
                    || volumeChangeMl != null || volumeChangeRelative != null || probabilityChange != null
                    || doublingTime != null) {
                throw new IllegalArgumentException("a " + status + " lesion has one measurement; its change"
                        + " quantities and doubling time must be null");
            }
        } else {
            long days = ChronoUnit.DAYS.between(prior.date(), current.date());
            if (intervalDays == null || intervalDays != days || days < 0) {
                throw new IllegalArgumentException("intervalDays " + intervalDays + " must be the " + days
                        + " days from " + prior.date() + " to " + current.date() + ", and not negative");
            }
            requireFinite("diameterChangeMm", diameterChangeMm);
            requireFinite("diameterChangeRelative", diameterChangeRelative);
            requireFinite("volumeChangeMl", volumeChangeMl);
            requireFinite("volumeChangeRelative", volumeChangeRelative);
            requireFinite("probabilityChange", probabilityChange);
        }
        boolean fast = solid && status == ChangeStatus.GROWN && doublingTime != null
                && doublingTime.days() > 0 && doublingTime.days() < FAST_GROWTH_VDT_DAYS;
        if (fastGrowth != fast) {
            throw new IllegalArgumentException("fastGrowth " + fastGrowth + " must be " + fast + " (solid " + solid
                    + ", status " + status + ", VDT " + (doublingTime == null ? "none" : doublingTime.days() + " days")
                    + ")");
        }
    }

    private static void requireFinite(String name, Double value) {
        if (value == null || !Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " " + value + " must be finite when both measurements exist");
        }
    }
}
