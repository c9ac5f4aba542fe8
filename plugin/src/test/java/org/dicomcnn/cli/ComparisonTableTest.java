package org.dicomcnn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.dicomcnn.report.ComparisonDocument;
import org.dicomcnn.report.ComparisonDocument.Change;
import org.dicomcnn.report.ComparisonDocument.Lesion;
import org.junit.jupiter.api.Test;

/** The table {@code compare} prints, from a comparison of three studies built in code. */
class ComparisonTableTest {

    private static final String A = "1.2.1";
    private static final String B = "1.2.2";
    private static final String C = "1.2.3";

    private static Change change(String track, String from, String to, String status, Double before, Double after,
            Double vdt, Double low, Double high, boolean fast, boolean lookedBackNow) {
        boolean both = before != null && after != null;
        return new Change(track, "nodule", true, from, to, "2022-01-0" + from.charAt(4), "2022-01-0" + to.charAt(4),
                both ? 100L : null, status, "lung-rads-2022", before, after, before == null ? null : before / 20,
                after == null ? null : after / 20, both ? after - before : null, both ? (after - before) / before : null,
                both ? (after - before) / 20 : null, both ? (after - before) / before : null, both ? 0.0 : null, vdt, low,
                high, vdt == null && !both ? null : "two time points", fast, false, lookedBackNow);
    }

    private static String print(ComparisonDocument doc) {
        StringWriter out = new StringWriter();
        ComparisonTable.print(new PrintWriter(out, true), doc, "  ");
        return out.toString();
    }

    @Test
    void printsTheLatestChangeOfEachLesionAndItsTrend() {
        Lesion grown = new Lesion("T1", "nodule", true, List.of(
                change("T1", A, B, "GROWN", 6.0, 8.0, 150.0, 100.0, 300.0, true, false),
                change("T1", B, C, "GROWN", 8.0, 10.0, 140.0, 90.0, null, true, true)), 3, 145.0, 120.0, 180.0);
        Lesion fresh = new Lesion("T2", "nodule", true, List.of(
                change("T2", B, C, "NEW", null, 5.5, null, null, null, false, false)), null, null, null, null);
        Lesion gone = new Lesion("T3", "nodule", true, List.of(
                change("T3", A, B, "RESOLVED", 7.0, null, null, null, null, false, false)), null, null, null, null);
        ComparisonDocument doc = new ComparisonDocument(ComparisonDocument.SCHEMA, "m", "1", "ab".repeat(32), true,
                "lung-rads-2022", "Lung-RADS", C, List.of(), List.of(grown, fresh, gone), List.of());
        List<String> lines = print(doc).lines().toList();
        assertTrue(lines.get(0).contains("diameter_mm") && lines.get(0).contains("VDT days (95% CI)"), lines.get(0));
        String t1 = lines.get(1);
        assertTrue(t1.matches("  T1 +nodule +GROWN +lung-rads-2022 +8\\.0 -> 10\\.0 .*"), t1);
        assertTrue(t1.contains("+25% vol") && t1.contains("140 (90-inf)") && t1.contains("YES") && t1.endsWith("current"),
                "the latest pair, an interval open to infinity, looked back in the current study: " + t1);
        assertTrue(lines.get(2).matches("  T2 +nodule +NEW +lung-rads-2022 +- -> 5\\.5 .*"), lines.get(2));
        assertEquals("  T3    nodule    not seen in the latest prior or the current study", lines.get(3));
        assertEquals("  T1 trend over 3 studies: VDT 145 (120-180) days", lines.get(4));
        assertEquals(5, lines.size(), String.join("\n", lines));
    }

    @Test
    void saysSoWhenNoLesionWasFound() {
        ComparisonDocument doc = new ComparisonDocument(ComparisonDocument.SCHEMA, "m", "1", "ab".repeat(32), true,
                "lung-rads-2022", "Lung-RADS", C, List.of(), List.of(), List.of());
        assertEquals("  no lesion found in any study compared", print(doc).strip().indent(2).stripTrailing());
    }
}
