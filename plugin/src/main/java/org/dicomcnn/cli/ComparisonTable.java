package org.dicomcnn.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.dicomcnn.report.ComparisonDocument;

/**
 * A patient's tracked lesions as a table for people: one line per lesion with its change from
 * the latest prior to the current study (status, criterion, sizes, relative change, volume
 * doubling time with its 95 % interval, fast-growth flag, whether it was looked back for), and
 * for a lesion seen in three or more studies the doubling time of its log-linear trend.
 */
final class ComparisonTable {

    private ComparisonTable() {}

    /**
     * Prints the table.
     *
     * @param out where to print
     * @param c the comparison
     * @param indent put in front of every line
     */
    static void print(PrintWriter out, ComparisonDocument c, String indent) {
        if (c.lesions().isEmpty()) {
            out.println(indent + "no lesion found in any study compared");
            return;
        }
        out.printf(Locale.ROOT, "%s%-5s %-9s %-8s %-17s %-15s %-17s %-9s %-24s %-4s %s%n", indent, "track", "class",
                "status", "criterion", "diameter_mm", "volume_ml", "change", "VDT days (95% CI)", "fast",
                "looked back");
        for (ComparisonDocument.Lesion l : c.lesions()) {
            ComparisonDocument.Change ch = c.currentChange(l);
            if (ch == null) {
                out.printf(Locale.ROOT, "%s%-5s %-9s not seen in the latest prior or the current study%n", indent,
                        l.trackId(), l.findingClass());
                continue;
            }
            String change = ch.volumeChangeRelative() == null ? "-"
                    : String.format(Locale.ROOT, "%+.0f%% vol", 100 * ch.volumeChangeRelative());
            String lookedBack = ch.priorLookedBack() && ch.currentLookedBack() ? "both"
                    : ch.priorLookedBack() ? "prior" : ch.currentLookedBack() ? "current" : "no";
            out.printf(Locale.ROOT, "%s%-5s %-9s %-8s %-17s %-15s %-17s %-9s %-24s %-4s %s%n", indent, l.trackId(),
                    l.findingClass(), ch.status(), ch.criterion(),
                    pair(ch.priorDiameterMm(), ch.currentDiameterMm(), "%.1f"),
                    pair(ch.priorVolumeMl(), ch.currentVolumeMl(), "%.3f"), change, vdt(ch),
                    ch.fastGrowth() ? "YES" : "no", lookedBack);
        }
        for (ComparisonDocument.Lesion l : c.lesions()) {
            if (l.trendPoints() != null) {
                out.printf(Locale.ROOT, "%s%s trend over %d studies: VDT %s days%n", indent, l.trackId(), l.trendPoints(),
                        l.trendVdtDays() == null ? "inf (no change)" : String.format(Locale.ROOT, "%.0f (%s-%s)",
                                l.trendVdtDays(), bound(l.trendVdtLowerDays(), "-inf"),
                                bound(l.trendVdtUpperDays(), "inf")));
            }
        }
    }

    private static String pair(Double before, Double after, String format) {
        return value(before, format) + " -> " + value(after, format);
    }

    private static String value(Double v, String format) {
        return v == null ? "-" : String.format(Locale.ROOT, format, v);
    }

    /** "150 (110-240)", "-300 (-inf..-120)" for a halving time, "inf" for no change, "-" when not computable. */
    static String vdt(ComparisonDocument.Change ch) {
        if (ch.vdtMethod() == null) {
            return "-";
        }
        if (ch.vdtDays() == null) {
            return "inf (no change)";
        }
        return String.format(Locale.ROOT, "%.0f (%s-%s)", ch.vdtDays(), bound(ch.vdtLowerDays(), "-inf"),
                bound(ch.vdtUpperDays(), "inf"));
    }

    private static String bound(Double v, String unbounded) {
        return v == null ? unbounded : String.format(Locale.ROOT, "%.0f", v);
    }
}
