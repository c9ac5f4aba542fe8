package org.dicomcnn.temporal;

import com.pixelmed.dicom.SOPClass;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dicomcnn.dicom.InstanceRef;
import org.dicomcnn.dicom.SeriesRef;
import org.dicomcnn.dicom.StudyRef;
import org.dicomcnn.volume.Geometry;

/**
 * Which series of a study to analyse, and which series of a prior study to compare with it. The
 * rules look at attributes and at the image matrix, never at Series Description (free text that
 * differs between sites and scanners).
 *
 * <p><b>Usable series.</b> A series is usable when its Modality is {@value #MODALITY}, and it has at
 * least {@value #MIN_IMAGES} image frames stored as CT images ({@link #CT_IMAGE_SOP_CLASSES}) whose
 * matrix is at least {@value #MIN_MATRIX} x {@value #MIN_MATRIX}. The count of frames rules out
 * localizers (scout views: one to three images) and a few key images; the SOP class rules out
 * secondary captures that carry Modality CT (dose screens, screenshots); the matrix rules out
 * thumbnails. Frames that fail the SOP-class or matrix test do not count towards the minimum.
 *
 * <p><b>Reference series of the current study</b> ({@link #reference(StudyRef)}): among usable
 * series, the thinnest slices (thin slices measure small nodules best), then a soft or standard
 * kernel before a sharp one ({@link #isSharpKernel(String)}; a sharp kernel's noise and edge
 * overshoot disturb density and size measurements), then the most images
 * (widest coverage), then the lowest Series Number and Series Instance UID (so the choice is
 * repeatable).
 *
 * <p><b>Comparable series of a prior</b> ({@link #comparableTo(SeriesRef, StudyRef)}): among usable
 * series whose Body Part Examined matches the reference's ({@link #sameBodyPart(String, String)}),
 * the slice thickness closest to the reference's (size measurements depend on it), then the same
 * kernel name as the reference, then the same kernel class (sharp or soft), then the most images,
 * then the lowest Series Number and UID. Slice thicknesses are compared to
 * {@value #THICKNESS_RESOLUTION_MM} mm; a series without Slice Thickness ranks after every series
 * with one.
 *
 * <p>Frames of Reference are not looked at: each study normally has its own, and registration
 * ({@link RigidRegistration}) relates them. The loaded volume's orientation is checked by the
 * caller with {@link #isAxialEnough(Geometry)}.
 *
 * <pre>{@code
 * ComparableSeries.Choice ref = ComparableSeries.reference(currentStudy);
 * if (ref.found()) {
 *     ComparableSeries.Choice prior = ComparableSeries.comparableTo(ref.series(), priorStudy);
 *     log.info("prior: {}", prior.reason());
 * }
 * }</pre>
 */
public final class ComparableSeries {

    /** The only modality compared: the product analyses chest CT. */
    public static final String MODALITY = "CT";

    /**
     * SOP classes whose frames count as CT images: CT Image Storage, Enhanced CT Image Storage and
     * Legacy Converted Enhanced CT Image Storage (PS3.4 B.5). Secondary Capture and dose reports
     * are left out even when their Modality is CT.
     */
    public static final Set<String> CT_IMAGE_SOP_CLASSES = Set.of(SOPClass.CTImageStorage,
            SOPClass.EnhancedCTImageStorage, SOPClass.LegacyConvertedEnhancedCTImageStorage);

    /** Fewest Rows and Columns of a usable frame; diagnostic CT is 512, thumbnails are smaller. */
    public static final int MIN_MATRIX = 128;

    /**
     * Fewest usable frames in a usable series. A localizer has one to three; 20 slices cover at
     * least 10 cm at 5 mm, the thickest slices a follow-up comparison still makes sense with.
     */
    public static final int MIN_IMAGES = 20;

    /** Slice thicknesses that differ by less than this (mm) are equal: "1.25" and "1.250" are one value. */
    public static final double THICKNESS_RESOLUTION_MM = 0.01;

    /** Largest angle (degrees) between a volume's slice normal and the patient's z axis for "axial". */
    public static final double MAX_AXIAL_TILT_DEGREES = 10;

    /**
     * Words that mark a sharp (edge-enhancing) kernel in Convolution Kernel (0018,1210), matched
     * case-insensitively anywhere in its first value: GE's LUNG, BONE, BONEPLUS, EDGE and DETAIL,
     * and kernels named SHARP.
     */
    public static final List<String> SHARP_KERNEL_WORDS = List.of("LUNG", "BONE", "EDGE", "DETAIL", "SHARP");

    /**
     * A kernel named by one or two letters and a two-digit number (Siemens: B30f, Br40d, I70f;
     * higher numbers are sharper) is sharp from this number on.
     */
    public static final int SHARP_KERNEL_NUMBER = 50;

    /**
     * Body Part Examined values taken as the same region as another: THORAX and LUNG are written
     * by some scanners for the chest, whose defined term (PS3.16 Annex L) is CHEST.
     */
    public static final Map<String, String> BODY_PART_ALIASES = Map.of("THORAX", "CHEST", "LUNG", "CHEST");

    private static final Pattern NUMBERED_KERNEL = Pattern.compile("[A-Za-z]{1,2}(\\d{2})[A-Za-z]?");

    private ComparableSeries() {}

    /**
     * A chosen series, or none, with the reason in words (attributes and UIDs only, never
     * patient identifiers or descriptions).
     *
     * @param series the chosen series, or null when none qualifies
     * @param reason why it was chosen, or why none was
     */
    public record Choice(SeriesRef series, String reason) {

        /** Requires a reason. */
        public Choice {
            Objects.requireNonNull(reason, "reason");
            if (reason.isBlank()) {
                throw new IllegalArgumentException("a choice needs a reason");
            }
        }

        /** @return whether a series was chosen */
        public boolean found() {
            return series != null;
        }

        /** @return the chosen series, if any */
        public Optional<SeriesRef> chosen() {
            return Optional.ofNullable(series);
        }
    }

    /** One ranking rule: its name, said in a reason when it decided, and its order (best first). */
    private record Criterion(String name, Comparator<SeriesRef> order) {}

    /**
     * The series of the current study to analyse (the rules are in the class comment).
     *
     * @param study the current study
     * @return the reference series, or none with the study's series listed and why each is unusable
     */
    public static Choice reference(StudyRef study) {
        List<Criterion> rules = List.of(
                new Criterion("thinnest slices", Comparator.comparingDouble(ComparableSeries::thicknessKey)),
                new Criterion("soft kernel before sharp", Comparator.comparing((SeriesRef s) ->
                        isSharpKernel(s.convolutionKernel()))),
                new Criterion("most images", Comparator.comparingInt(s -> -usableImages(s))),
                new Criterion("lowest series number", Comparator.comparingInt(SeriesRef::seriesNumber)),
                new Criterion("series UID order", Comparator.comparing(SeriesRef::seriesInstanceUid)));
        List<SeriesRef> candidates = study.series().stream().filter(s -> unusableBecause(s).isEmpty()).toList();
        if (candidates.isEmpty()) {
            return new Choice(null, "no usable CT series (" + inventory(study, null) + ")");
        }
        return best(candidates, rules, "usable CT series");
    }

    /**
     * The series of a prior study to compare with the current study's reference series (the rules
     * are in the class comment).
     *
     * @param reference the current study's reference series
     * @param prior a prior study
     * @return the comparable series, or none with what the prior holds instead
     */
    public static Choice comparableTo(SeriesRef reference, StudyRef prior) {
        Objects.requireNonNull(reference, "reference");
        double referenceKey = thicknessKey(reference);
        List<Criterion> rules = List.of(
                new Criterion("slice thickness closest to the current " + thickness(reference),
                        Comparator.comparingDouble(s -> thicknessDistance(thicknessKey(s), referenceKey))),
                new Criterion("kernel like the current " + kernel(reference),
                        Comparator.comparingInt(s -> kernelRank(s, reference))),
                new Criterion("most images", Comparator.comparingInt(s -> -usableImages(s))),
                new Criterion("lowest series number", Comparator.comparingInt(SeriesRef::seriesNumber)),
                new Criterion("series UID order", Comparator.comparing(SeriesRef::seriesInstanceUid)));
        List<SeriesRef> candidates = prior.series().stream()
                .filter(s -> unusableBecause(s).isEmpty() && sameBodyPart(s.bodyPart(), reference.bodyPart()))
                .toList();
        if (candidates.isEmpty()) {
            return new Choice(null, "no CT series comparable to the current one (current: "
                    + describe(reference) + "; here only: " + inventory(prior, reference) + ")");
        }
        return best(candidates, rules, "usable CT series of a matching body part");
    }

    /**
     * Why a series cannot be analysed, if it cannot.
     *
     * @param series a series
     * @return the first rule it fails, in words, or empty when it is usable
     */
    public static Optional<String> unusableBecause(SeriesRef series) {
        if (!MODALITY.equalsIgnoreCase(series.modality().trim())) {
            return Optional.of("modality " + (series.modality().isBlank() ? "missing" : series.modality()) + ", not CT");
        }
        if (!series.isImageSeries()) {
            return Optional.of("no images");
        }
        List<InstanceRef> ct = series.instances().stream()
                .filter(i -> i.isImage() && CT_IMAGE_SOP_CLASSES.contains(i.sopClassUid())).toList();
        if (ct.isEmpty()) {
            return Optional.of("images not stored as CT images (SOP class "
                    + series.instances().stream().filter(InstanceRef::isImage).findFirst().orElseThrow().sopClassUid()
                    + ")");
        }
        if (ct.stream().noneMatch(ComparableSeries::largeEnough)) {
            return Optional.of("images smaller than " + MIN_MATRIX + " x " + MIN_MATRIX);
        }
        int usable = usableImages(series);
        if (usable < MIN_IMAGES) {
            return Optional.of("only " + usable + (usable == 1 ? " image" : " images") + ", fewer than " + MIN_IMAGES
                    + " (a localizer or key images)");
        }
        return Optional.empty();
    }

    /**
     * @param series a series
     * @return its frames that are CT images of at least {@value #MIN_MATRIX} x {@value #MIN_MATRIX}
     */
    public static int usableImages(SeriesRef series) {
        return series.instances().stream()
                .filter(i -> i.isImage() && CT_IMAGE_SOP_CLASSES.contains(i.sopClassUid()) && largeEnough(i))
                .mapToInt(InstanceRef::frames).sum();
    }

    /**
     * Whether a Convolution Kernel is sharp (edge-enhancing): its first value contains one of
     * {@link #SHARP_KERNEL_WORDS}, or it is a letter code with a two-digit number of at least
     * {@value #SHARP_KERNEL_NUMBER} (B70f, Br64d, I70f). Other names, and an empty one, count as
     * soft: vendors name kernels freely, and the kernel only breaks ties.
     *
     * @param convolutionKernel Convolution Kernel (0018,1210), values separated by a backslash, or ""
     * @return whether it is sharp
     */
    public static boolean isSharpKernel(String convolutionKernel) {
        String first = firstValue(convolutionKernel);
        String upper = first.toUpperCase(Locale.ROOT);
        if (SHARP_KERNEL_WORDS.stream().anyMatch(upper::contains)) {
            return true;
        }
        Matcher m = NUMBERED_KERNEL.matcher(first);
        return m.matches() && Integer.parseInt(m.group(1)) >= SHARP_KERNEL_NUMBER;
    }

    /**
     * Whether two Body Part Examined values name the same region: equal after trimming, upper
     * case and {@link #BODY_PART_ALIASES}; a missing value matches anything, as many scanners
     * leave the attribute empty.
     *
     * @param a Body Part Examined (0018,0015), or ""
     * @param b another
     * @return whether they match
     */
    public static boolean sameBodyPart(String a, String b) {
        if (a == null || b == null || a.isBlank() || b.isBlank()) {
            return true;
        }
        return bodyPart(a).equals(bodyPart(b));
    }

    /**
     * Whether a loaded volume's slices are axial: its slice normal lies within
     * {@value #MAX_AXIAL_TILT_DEGREES} degrees of the patient's z (head-foot) axis, either way.
     *
     * @param geometry a volume's geometry
     * @return whether it is axial enough to compare
     */
    public static boolean isAxialEnough(Geometry geometry) {
        return Math.abs(geometry.normal().unit().z()) >= Math.cos(Math.toRadians(MAX_AXIAL_TILT_DEGREES));
    }

    /**
     * A series in a few attributes, for reasons and problems: modality, body part, slice
     * thickness, kernel and image frames, e.g. {@code "CT, CHEST, 1.25 mm, STANDARD, 240 images"}.
     * No description (free text) and no identifiers.
     *
     * @param series a series
     * @return the description
     */
    public static String describe(SeriesRef series) {
        int images = series.imageCount();
        return (series.modality().isBlank() ? "no modality" : series.modality()) + ", "
                + (series.bodyPart().isBlank() ? "no body part" : series.bodyPart()) + ", " + thickness(series) + ", "
                + kernel(series) + ", " + images + (images == 1 ? " image" : " images");
    }

    /** Picks the best candidate and says which rule put it ahead of the runner-up. */
    private static Choice best(List<SeriesRef> candidates, List<Criterion> rules, String what) {
        Comparator<SeriesRef> order = rules.get(0).order();
        for (Criterion c : rules.subList(1, rules.size())) {
            order = order.thenComparing(c.order());
        }
        List<SeriesRef> ranked = candidates.stream().sorted(order).toList();
        SeriesRef best = ranked.get(0);
        String chosen = "series " + best.seriesNumber() + " (" + describe(best) + ")";
        if (ranked.size() == 1) {
            return new Choice(best, chosen + ", the only " + what);
        }
        SeriesRef runnerUp = ranked.get(1);
        String decided = rules.stream().filter(c -> c.order().compare(best, runnerUp) != 0).map(Criterion::name)
                .findFirst().orElseThrow();
        return new Choice(best, chosen + ", first of " + ranked.size() + " " + what + " by " + decided);
    }

    /** Each series of a study that was not a candidate, and why. */
    private static String inventory(StudyRef study, SeriesRef reference) {
        if (study.series().isEmpty()) {
            return "no series";
        }
        List<String> parts = new ArrayList<>();
        for (SeriesRef s : study.series()) {
            Optional<String> why = unusableBecause(s);
            if (why.isEmpty() && reference != null && !sameBodyPart(s.bodyPart(), reference.bodyPart())) {
                why = Optional.of("body part " + s.bodyPart() + ", not " + reference.bodyPart());
            }
            parts.add("series " + s.seriesNumber() + " (" + describe(s) + "): " + why.orElse("usable"));
        }
        return String.join("; ", parts);
    }

    private static boolean largeEnough(InstanceRef i) {
        return i.rows() >= MIN_MATRIX && i.columns() >= MIN_MATRIX;
    }

    /** Slice thickness rounded to the resolution; a missing one sorts last. */
    private static double thicknessKey(SeriesRef s) {
        double t = s.sliceThicknessMm();
        if (!(t > 0) || Double.isInfinite(t)) {
            return Double.POSITIVE_INFINITY;
        }
        return Math.round(t / THICKNESS_RESOLUTION_MM) * THICKNESS_RESOLUTION_MM;
    }

    /** Distance between two rounded thicknesses; unknown on either side is farthest. */
    private static double thicknessDistance(double a, double b) {
        if (Double.isInfinite(a)) {
            return Double.POSITIVE_INFINITY;
        }
        if (Double.isInfinite(b)) {
            return 0; // the reference has no thickness: every known thickness is as close as any other
        }
        return Math.round(Math.abs(a - b) / THICKNESS_RESOLUTION_MM) * THICKNESS_RESOLUTION_MM;
    }

    /** 0: the reference's kernel name; 1: same class (sharp or soft); 2: the other class. */
    private static int kernelRank(SeriesRef s, SeriesRef reference) {
        String a = firstValue(s.convolutionKernel());
        String b = firstValue(reference.convolutionKernel());
        if (!a.isEmpty() && a.equalsIgnoreCase(b)) {
            return 0;
        }
        return isSharpKernel(a) == isSharpKernel(b) ? 1 : 2;
    }

    private static String firstValue(String multiValued) {
        if (multiValued == null) {
            return "";
        }
        int backslash = multiValued.indexOf('\\');
        return (backslash < 0 ? multiValued : multiValued.substring(0, backslash)).trim();
    }

    private static String bodyPart(String value) {
        String v = value.trim().toUpperCase(Locale.ROOT);
        return BODY_PART_ALIASES.getOrDefault(v, v);
    }

    private static String thickness(SeriesRef s) {
        double t = s.sliceThicknessMm();
        if (!(t > 0) || Double.isInfinite(t)) {
            return "no slice thickness";
        }
        return BigDecimal.valueOf(t).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString()
                + " mm";
    }

    private static String kernel(SeriesRef s) {
        String k = firstValue(s.convolutionKernel());
        return k.isEmpty() ? "no kernel" : k;
    }
}
