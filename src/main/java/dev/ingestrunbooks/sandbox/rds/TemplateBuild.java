package dev.ingestrunbooks.sandbox.rds;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The server and directory of a data-directory template being built ({@link RdsTemplate},
 * {@link PlainClusterTemplate}). Its clean-up is a shutdown hook registered before anything is created, so a JVM
 * stopped while a template is being built (SIGTERM during a sandbox start) leaves neither a server nor a directory
 * behind, and a build that begins once the JVM is already shutting down creates nothing; the same hook deletes a
 * finished template when the JVM ends.
 */
final class TemplateBuild {

    private final Object lock = new Object();
    private boolean abandoned;
    private SandboxDirectory directory;
    private EmbeddedPostgresServer server;

    private TemplateBuild() {
    }

    /**
     * Registers the clean-up, then creates the directory and the (not yet started) server, whose first start runs
     * initdb or, with {@code fromPlainTemplate}, copies {@link PlainClusterTemplate} (the same cluster, sooner).
     */
    static TemplateBuild begin(String name, int major, boolean fromPlainTemplate) {
        TemplateBuild build = new TemplateBuild();
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(build::abandon, "ingest-runbooks-" + name + "-cleanup"));
        } catch (IllegalStateException shuttingDown) {
            throw new IllegalStateException("the JVM is shutting down; template " + name + " is not built",
                    shuttingDown);
        }
        synchronized (build.lock) {
            if (build.abandoned) {
                throw new IllegalStateException("the JVM is shutting down; template " + name + " is not built");
            }
            build.directory = SandboxDirectory.create(name);
            build.server = fromPlainTemplate
                    ? EmbeddedPostgresServer.inDirectory(name, build.directory.root(), major)
                    : new EmbeddedPostgresServer(name, build.directory.root(), major, false);
        }
        return build;
    }

    EmbeddedPostgresServer server() {
        return server;
    }

    /** Stops the server cleanly (its copies then start without recovery); the data directory. */
    Path finish() {
        server.stop();
        if (Files.exists(server.dataDirectory().resolve("postmaster.pid"))) {
            throw new IllegalStateException("the template server did not shut down cleanly (postmaster.pid left)");
        }
        return server.dataDirectory();
    }

    /** Stops the server and deletes the directory; idempotent, and a closed server refuses to start again. */
    void abandon() {
        synchronized (lock) {
            abandoned = true;
            if (server != null) {
                server.close();
            }
            if (directory != null) {
                directory.close();
            }
        }
    }
}
