package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.List;
import java.util.Optional;

/**
 * One option of a Materialize option list: an upper-case, space-separated name ({@code SSL MODE}) and its value.
 *
 * @param name  the option name in upper case, words separated by one space
 * @param value the value
 */
public record MzOption(String name, OptionValue value) {

    /** The first option named {@code name} in {@code options}. */
    public static Optional<OptionValue> find(List<MzOption> options, String name) {
        return options.stream().filter(o -> o.name.equals(name)).map(MzOption::value).findFirst();
    }

    /** Prints a secret reference as {@code SECRET x}, never a secret's value (options hold no values). */
    @Override
    public String toString() {
        return name + " " + value;
    }
}
