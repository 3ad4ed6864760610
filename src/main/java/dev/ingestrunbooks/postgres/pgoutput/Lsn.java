package dev.ingestrunbooks.postgres.pgoutput;

/**
 * A PostgreSQL WAL position ({@code pg_lsn}): an unsigned 64-bit value written {@code X/Y} with both halves in
 * upper-case hex, as PostgreSQL prints it (e.g. {@code 0/1506570}). Ordered as unsigned, so positions above
 * {@code 8000000000000000} sort after smaller ones.
 *
 * @param value the raw 64-bit position (unsigned)
 */
public record Lsn(long value) implements Comparable<Lsn> {

    /** {@code 0/0}, the invalid position; never acknowledge it upstream. */
    public static final Lsn INVALID = new Lsn(0);

    /** Parses {@code X/Y} (hex, case-insensitive, each half at most 8 digits). */
    public static Lsn parse(String text) {
        int slash = text.indexOf('/');
        if (slash <= 0 || slash == text.length() - 1 || slash > 8 || text.length() - slash - 1 > 8) {
            throw new IllegalArgumentException("invalid input syntax for type pg_lsn: \"" + text + "\"");
        }
        try {
            long high = Long.parseLong(text.substring(0, slash), 16);
            long low = Long.parseLong(text.substring(slash + 1), 16);
            return new Lsn(high << 32 | low);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid input syntax for type pg_lsn: \"" + text + "\"", e);
        }
    }

    public static Lsn of(long value) {
        return new Lsn(value);
    }

    public boolean isValid() {
        return value != 0;
    }

    public boolean isAfter(Lsn other) {
        return compareTo(other) > 0;
    }

    /** The later of the two positions. */
    public Lsn max(Lsn other) {
        return isAfter(other) ? this : other;
    }

    @Override
    public int compareTo(Lsn other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return Long.toHexString(value >>> 32).toUpperCase() + "/" + Long.toHexString(value & 0xFFFFFFFFL).toUpperCase();
    }
}
