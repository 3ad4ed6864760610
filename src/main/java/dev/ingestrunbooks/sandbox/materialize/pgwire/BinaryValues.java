package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;

/**
 * Converts a value from PostgreSQL's text output (DateStyle ISO, TimeZone UTC) to its binary send format, for
 * result columns a client asked for in binary (the {@code *send} functions in PostgreSQL's {@code utils/adt}).
 *
 * <p>Supported: bool, int2, int4, int8, oid, float4, float8, numeric, text, varchar, bpchar, name, json, jsonb,
 * bytea (hex output), date, time, timetz, timestamp, timestamptz (with ±infinity), uuid, interval (PostgreSQL's
 * {@code postgres} style or Materialize's text, {@link IntervalText}), point, box, and arrays of these
 * ({@link ArrayBinary}). Limits: no BC dates, no other interval styles; other types raise 0A000.
 */
public final class BinaryValues {

    private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final DateTimeFormatter TIMESTAMP_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .toFormatter();
    private static final DateTimeFormatter TIMETZ_TEXT = new DateTimeFormatterBuilder()
            .appendPattern("HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .appendPattern("[XXXXX][XXX][X]").toFormatter();
    private static final DateTimeFormatter TIMESTAMPTZ_TEXT = new DateTimeFormatterBuilder()
            .append(TIMESTAMP_TEXT).appendPattern("[XXXXX][XXX][X]").toFormatter();

    private BinaryValues() {
    }

    public static boolean supports(int oid) {
        return switch (oid) {
            case PgTypes.BOOL, PgTypes.INT2, PgTypes.INT4, PgTypes.INT8, PgTypes.OID, PgTypes.FLOAT4, PgTypes.FLOAT8,
                    PgTypes.NUMERIC, PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME, PgTypes.JSON,
                    PgTypes.JSONB, PgTypes.BYTEA, PgTypes.DATE, PgTypes.TIMESTAMP, PgTypes.TIMESTAMPTZ,
                    PgTypes.UUID, PgTypes.TIME, PgTypes.TIMETZ, PgTypes.INTERVAL, PgTypes.POINT, PgTypes.BOX -> true;
            default -> PgTypes.elementOf(oid) != 0;
        };
    }

    /** The binary form of {@code text} (UTF-8 text output) for a column of type {@code oid}. */
    public static byte[] toBinary(int oid, byte[] text) throws SqlError {
        String value = new String(text, StandardCharsets.UTF_8);
        try {
            return switch (oid) {
                case PgTypes.BOOL -> new byte[] {(byte) (value.equals("t") ? 1 : 0)};
                case PgTypes.INT2 -> ByteBuffer.allocate(2).putShort(Short.parseShort(value)).array();
                case PgTypes.INT4 -> ByteBuffer.allocate(4).putInt(Integer.parseInt(value)).array();
                case PgTypes.OID -> ByteBuffer.allocate(4).putInt((int) Long.parseLong(value)).array();
                case PgTypes.INT8 -> ByteBuffer.allocate(8).putLong(Long.parseLong(value)).array();
                case PgTypes.FLOAT4 -> ByteBuffer.allocate(4).putFloat(Float.parseFloat(floatText(value))).array();
                case PgTypes.FLOAT8 -> ByteBuffer.allocate(8).putDouble(Double.parseDouble(floatText(value))).array();
                case PgTypes.NUMERIC -> NumericBinary.encode(value);
                case PgTypes.TEXT, PgTypes.VARCHAR, PgTypes.BPCHAR, PgTypes.NAME, PgTypes.JSON -> text.clone();
                case PgTypes.JSONB -> ByteBuffer.allocate(text.length + 1).put((byte) 1).put(text).array();
                case PgTypes.BYTEA -> bytea(value);
                case PgTypes.DATE -> ByteBuffer.allocate(4).putInt(date(value)).array();
                case PgTypes.TIMESTAMP -> ByteBuffer.allocate(8).putLong(timestamp(value, false)).array();
                case PgTypes.TIMESTAMPTZ -> ByteBuffer.allocate(8).putLong(timestamp(value, true)).array();
                case PgTypes.UUID -> uuid(value);
                case PgTypes.TIME -> ByteBuffer.allocate(8).putLong(LocalTime.parse(value).toNanoOfDay() / 1000).array();
                case PgTypes.TIMETZ -> timetz(value);
                case PgTypes.INTERVAL -> IntervalText.toBinary(value);
                case PgTypes.POINT, PgTypes.BOX -> doubles(value);
                default -> array(oid, value);
            };
        } catch (RuntimeException e) {
            throw SqlError.internal("cannot convert value of type " + oid + " to binary: " + e.getMessage());
        }
    }

    private static byte[] array(int oid, String value) throws SqlError {
        int element = PgTypes.elementOf(oid);
        if (element == 0) {
            throw unsupported(oid);
        }
        return ArrayBinary.encode(element, value);
    }

    /** timetz: int64 microseconds since midnight, int32 zone offset in seconds <em>west</em> of UTC. */
    private static byte[] timetz(String value) {
        OffsetTime time = OffsetTime.parse(value, TIMETZ_TEXT);
        return ByteBuffer.allocate(12).putLong(time.toLocalTime().toNanoOfDay() / 1000)
                .putInt(-time.getOffset().getTotalSeconds()).array();
    }

    /** point {@code (x,y)}: two float8; box {@code (x1,y1),(x2,y2)}: four float8 in text order (high, then low). */
    private static byte[] doubles(String value) {
        String[] parts = value.replaceAll("[()\\s]", "").split(",");
        ByteBuffer out = ByteBuffer.allocate(8 * parts.length);
        for (String part : parts) {
            out.putDouble(Double.parseDouble(part));
        }
        return out.array();
    }

    public static SqlError unsupported(int oid) {
        return SqlError.featureNotSupported("binary format is not supported for type with OID " + oid);
    }

    private static String floatText(String value) {
        return switch (value) {
            case "Infinity" -> "Infinity";
            case "-Infinity" -> "-Infinity";
            case "NaN" -> "NaN";
            default -> value;
        };
    }

    /** bytea hex output {@code \x0a0b}: two hex digits per byte. */
    private static byte[] bytea(String value) {
        if (!value.startsWith("\\x")) {
            throw new IllegalArgumentException("bytea_output must be hex");
        }
        byte[] out = new byte[(value.length() - 2) / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(value.substring(2 + 2 * i, 4 + 2 * i), 16);
        }
        return out;
    }

    /** date: int32 days since 2000-01-01; ±infinity are INT32 max/min. */
    private static int date(String value) {
        return switch (value) {
            case "infinity" -> Integer.MAX_VALUE;
            case "-infinity" -> Integer.MIN_VALUE;
            default -> (int) ChronoUnit.DAYS.between(PG_EPOCH.toLocalDate(), LocalDate.parse(value));
        };
    }

    /** timestamp[tz]: int64 microseconds since 2000-01-01 00:00 (UTC for timestamptz); ±infinity are INT64 max/min. */
    private static long timestamp(String value, boolean withZone) {
        if (value.equals("infinity")) {
            return Long.MAX_VALUE;
        }
        if (value.equals("-infinity")) {
            return Long.MIN_VALUE;
        }
        LocalDateTime utc = withZone
                ? OffsetDateTime.parse(value, TIMESTAMPTZ_TEXT).withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()
                : LocalDateTime.parse(value, TIMESTAMP_TEXT);
        return ChronoUnit.MICROS.between(PG_EPOCH, utc);
    }

    private static byte[] uuid(String value) {
        java.util.UUID uuid = java.util.UUID.fromString(value);
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array();
    }

    /** numeric send format, see {@code numeric_send}. */
    static final class NumericBinary {
        private static final short POSITIVE = 0x0000;
        private static final short NEGATIVE = 0x4000;
        private static final short NAN = (short) 0xC000;

        private NumericBinary() {
        }

        /**
         * {@code int16 ndigits, int16 weight, int16 sign, int16 dscale, int16[ndigits] base-10000 digits}; weight is
         * the power of 10000 of the first digit; trailing zero digits are stripped.
         */
        static byte[] encode(String text) {
            if (text.equals("NaN")) {
                return ByteBuffer.allocate(8).putShort((short) 0).putShort((short) 0).putShort(NAN)
                        .putShort((short) 0).array();
            }
            BigDecimal value = new BigDecimal(text);
            short sign = value.signum() < 0 ? NEGATIVE : POSITIVE;
            int scale = Math.max(0, value.scale());
            String plain = value.abs().setScale(scale).toPlainString();
            int dot = plain.indexOf('.');
            String integer = dot < 0 ? plain : plain.substring(0, dot);
            String fraction = dot < 0 ? "" : plain.substring(dot + 1);
            integer = integer.replaceFirst("^0+", "");
            String intPadded = "0".repeat((4 - integer.length() % 4) % 4) + integer;
            String fracPadded = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
            String all = intPadded + fracPadded;
            short[] digits = new short[all.length() / 4];
            for (int i = 0; i < digits.length; i++) {
                digits[i] = Short.parseShort(all.substring(4 * i, 4 * i + 4));
            }
            int weight = intPadded.length() / 4 - 1;
            int first = 0;
            while (first < digits.length && digits[first] == 0) {
                first++;
                weight--;
            }
            int last = digits.length;
            while (last > first && digits[last - 1] == 0) {
                last--;
            }
            if (first == last) {
                weight = 0;
            }
            ByteBuffer out = ByteBuffer.allocate(8 + 2 * (last - first));
            out.putShort((short) (last - first)).putShort((short) weight).putShort(sign).putShort((short) scale);
            for (int i = first; i < last; i++) {
                out.putShort(digits[i]);
            }
            return out.array();
        }
    }
}
