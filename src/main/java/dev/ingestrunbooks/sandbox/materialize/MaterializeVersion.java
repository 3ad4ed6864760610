package dev.ingestrunbooks.sandbox.materialize;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog.SubsourceStyle;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Materialize versions the sandbox can imitate, where behaviour the guides rely on changed between them (see
 * docs/materialize.md §2.8). {@code SELECT mz_version()} reports the chosen one.
 * <ul>
 *   <li>{@link #V0_97}, the era the guides were written in: subsources are dropped with
 *       {@code ALTER SOURCE … DROP SUBSOURCE}; {@code DROP SOURCE <subsource>} is refused with Materialize's text;
 *       {@code DROP SOURCE <source>} drops its subsources without CASCADE.</li>
 *   <li>{@link #V0_130}, the default (v0.98 and later): {@code DROP SOURCE <subsource>}; {@code ALTER SOURCE … DROP
 *       SUBSOURCE} is gone; a source with subsources needs CASCADE.</li>
 * </ul>
 */
public enum MaterializeVersion {
    V0_97("v0.97.0", SubsourceStyle.ALTER_SOURCE),
    V0_130("v0.130.0", SubsourceStyle.DROP_SOURCE);

    /** What the sandbox imitates unless told otherwise. */
    public static final MaterializeVersion DEFAULT = V0_130;

    private final String number;
    private final SubsourceStyle style;

    MaterializeVersion(String number, SubsourceStyle style) {
        this.number = number;
        this.style = style;
    }

    /** {@code v0.97.0}. */
    public String number() {
        return number;
    }

    /** What {@code mz_version()} returns, e.g. {@code v0.97.0 (sandbox)}. */
    public String reported() {
        return number + " (sandbox)";
    }

    public SubsourceStyle subsourceStyle() {
        return style;
    }

    /** {@code v0.97}, {@code 0.97}, {@code v0.97.0} (case-insensitive); an unknown one lists the known ones. */
    public static MaterializeVersion parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String normalized = t.startsWith("v") ? t : "v" + t;
        for (MaterializeVersion v : values()) {
            if (v.number.equals(normalized) || v.number.equals(normalized + ".0")) {
                return v;
            }
        }
        throw new IllegalArgumentException("the sandbox Materialize imitates " + Arrays.stream(values())
                .map(v -> v.number.substring(0, v.number.lastIndexOf('.'))).collect(Collectors.joining(" or "))
                + ", not '" + text + "'");
    }
}
