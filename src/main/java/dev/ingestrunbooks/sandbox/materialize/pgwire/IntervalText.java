package dev.ingestrunbooks.sandbox.materialize.pgwire;

import java.nio.ByteBuffer;

/**
 * Interval values as text: reads PostgreSQL's output in the default {@code IntervalStyle = postgres}
 * ({@code 1 year 2 mons 3 days 04:05:06.5}) and Materialize's ({@code 1 year 2 months 3 days 04:05:06.5}), and
 * writes Materialize's (docs/materialize.md §7.3). An interval is three independent fields, as in both systems:
 * months, days and microseconds, each with its own sign.
 *
 * <p>Materialize's output: {@code <n> year[s]} and {@code <n> month[s]} from the months (both negative when the
 * months are; plural when more than one or negative), {@code <n> day[s]} (plural unless exactly 1), then
 * {@code HH:MM:SS[.ffffff]} (hours at least two digits, trailing fraction zeros dropped) when the time is not zero
 * or nothing else was written. A positive day count after negative months gets {@code +}; a positive time gets
 * {@code +} after negative days, or after negative months when there are no days. Zero is {@code 00:00:00}.
 */
public final class IntervalText {

    /** An interval: months, days and microseconds. */
    public record Interval(int months, int days, long micros) {
    }

    private IntervalText() {
    }

    /** {@code text} in Materialize's format, or {@code text} itself when it is not an interval this class reads. */
    public static String toMaterialize(String text) {
        Interval interval = parse(text);
        return interval == null ? text : format(interval);
    }

    /**
     * Reads PostgreSQL's {@code postgres} style or Materialize's output; null for anything else (other interval
     * styles, {@code infinity}).
     */
    public static Interval parse(String text) {
        String[] words = text.trim().split("\\s+");
        long months = 0;
        long days = 0;
        long micros = 0;
        boolean any = false;
        try {
            for (int i = 0; i < words.length; i++) {
                String word = words[i];
                if (word.isEmpty()) {
                    continue;
                }
                if (word.indexOf(':') >= 0) {
                    micros += time(word);
                    any = true;
                    continue;
                }
                if (i + 1 >= words.length) {
                    return null;
                }
                long n = Long.parseLong(word.startsWith("+") ? word.substring(1) : word);
                switch (words[++i]) {
                    case "year", "years" -> months += n * 12;
                    case "mon", "mons", "month", "months" -> months += n;
                    case "day", "days" -> days += n;
                    default -> {
                        return null;
                    }
                }
                any = true;
            }
        } catch (NumberFormatException e) {
            return null;
        }
        if (!any || months != (int) months || days != (int) days) {
            return null;
        }
        return new Interval((int) months, (int) days, micros);
    }

    /** {@code [+-]H+:MM:SS[.f]} as signed microseconds. */
    private static long time(String word) {
        boolean negative = word.startsWith("-");
        String body = word.startsWith("-") || word.startsWith("+") ? word.substring(1) : word;
        String[] parts = body.split(":");
        if (parts.length != 3) {
            throw new NumberFormatException(word);
        }
        String seconds = parts[2];
        long fraction = 0;
        int dot = seconds.indexOf('.');
        if (dot >= 0) {
            String digits = (seconds.substring(dot + 1) + "000000").substring(0, 6);
            fraction = Long.parseLong(digits);
            seconds = seconds.substring(0, dot);
        }
        long value = ((Long.parseLong(parts[0]) * 60 + Long.parseLong(parts[1])) * 60 + Long.parseLong(seconds))
                * 1_000_000 + fraction;
        return negative ? -value : value;
    }

    /** Materialize's text for {@code interval}. */
    public static String format(Interval interval) {
        StringBuilder out = new StringBuilder();
        boolean negativeMonths = interval.months() < 0;
        long years = Math.abs((long) interval.months() / 12);
        long months = Math.abs((long) interval.months() % 12);
        boolean negativeDays = interval.days() < 0;
        long days = Math.abs((long) interval.days());
        long seconds = Math.abs(interval.micros() / 1_000_000);
        long fraction = Math.abs(interval.micros() % 1_000_000);
        long hours = seconds / 3600;
        long minutes = seconds % 3600 / 60;
        seconds %= 60;
        if (years > 0) {
            out.append(negativeMonths ? "-" : "").append(years)
                    .append(years > 1 || negativeMonths ? " years" : " year");
        }
        if (months > 0) {
            out.append(years != 0 ? " " : "").append(negativeMonths ? "-" : "").append(months)
                    .append(months > 1 || negativeMonths ? " months" : " month");
        }
        if (days != 0) {
            out.append(years > 0 || months > 0 ? " " : "").append(negativeMonths && !negativeDays ? "+" : "")
                    .append(interval.days()).append(interval.days() != 1 ? " days" : " day");
        }
        boolean timeNonZero = hours > 0 || minutes > 0 || seconds > 0 || fraction > 0;
        if (years == 0 && months == 0 && days == 0 || timeNonZero) {
            if (years > 0 || months > 0 || days > 0) {
                out.append(' ');
            }
            if (interval.micros() < 0 && timeNonZero) {
                out.append('-');
            } else if (negativeDays || days == 0 && negativeMonths) {
                out.append('+');
            }
            out.append(hours < 10 ? "0" : "").append(hours).append(':').append(twoDigits(minutes)).append(':')
                    .append(twoDigits(seconds));
            if (fraction > 0) {
                String digits = String.format("%06d", fraction).replaceFirst("0+$", "");
                out.append('.').append(digits);
            }
        }
        return out.toString();
    }

    private static String twoDigits(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }

    /** {@code interval_send}: int64 microseconds, int32 days, int32 months. */
    static byte[] toBinary(String text) {
        Interval interval = parse(text);
        if (interval == null) {
            throw new IllegalArgumentException("not an interval this emulator reads: " + text);
        }
        return ByteBuffer.allocate(16).putLong(interval.micros()).putInt(interval.days()).putInt(interval.months())
                .array();
    }
}
