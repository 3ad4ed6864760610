package dev.ingestrunbooks.target.inventory;

/** A bad inventory: the message names the file, the field's path (e.g. {@code setups[1].upstream.port}) and why. */
public final class InventoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InventoryException(String message) {
        super(message);
    }
}
