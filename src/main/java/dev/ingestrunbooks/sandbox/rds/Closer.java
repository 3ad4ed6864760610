package dev.ingestrunbooks.sandbox.rds;

/** Closes the parts of a half- or fully-started resource in order, skipping those never created. */
final class Closer {
    private Closer() {
    }

    /** Closes each non-null part in the given order; the first failure is thrown after all were tried. */
    static void closeAll(AutoCloseable... parts) {
        RuntimeException failure = null;
        for (AutoCloseable part : parts) {
            if (part == null) {
                continue;
            }
            try {
                part.close();
            } catch (Exception e) {
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
