package dev.ingestrunbooks.target;

/** A run was configured in a way that cannot work; the message says which setting to change. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
