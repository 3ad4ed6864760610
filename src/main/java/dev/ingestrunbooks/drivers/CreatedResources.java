package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.evidence.Evidence;
import dev.ingestrunbooks.evidence.Secrets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What one run of a runbook created in AWS (or opened, such as an inbound rule), each with how to undo it, so that
 * {@link #cleanUp(Duration)} can remove it again when the scenario ends, also when it failed.
 *
 * <p>Why: on the live target nothing else removes what a runbook made; a forgotten load balancer or Elastic IP costs
 * money, a forgotten inbound rule is a risk. {@link AwsControlPlane} registers an undo only after AWS confirmed the
 * creation, and never for something that existed before (a group {@code createSecurityGroupIfAbsent} found, a target
 * group ELBv2 returned because one of that name was there already): what a run did not make, it never touches.
 *
 * <p>Order: undos run newest first. A resource can only depend on things that existed when it was created, so the
 * reverse order of creation removes dependents first: the Elastic IP's association before the address and the
 * instance, an inbound rule naming a group before that group, the instance (waited for until {@code terminated})
 * before its security group, the listener before the load balancer and its target group, an endpoint service's
 * principals and the service before the load balancer behind it. A failed undo is recorded and the next one runs;
 * whatever depended on it will likely fail too, and is reported as such.
 *
 * <p>Limits: the record lives in this JVM; if the JVM is killed, the resources stay, findable by their tags
 * ({@link RunTags}). Changes to things that existed before (a parameter set in an existing group, a database
 * associated with a new parameter group, targets registered in an existing target group) are not undone.
 */
public final class CreatedResources {
    private static final Logger LOG = LoggerFactory.getLogger(CreatedResources.class);

    /** How one undo ended. */
    public enum Status {
        /** The resource is gone (removed now, or found gone already). */
        REMOVED,
        /** Deliberately left in place, with the reason (e.g. a parameter group the database now uses). */
        KEPT,
        /** The undo failed; the detail carries the AWS error. */
        FAILED
    }

    /** How to undo one creation; it may take up to {@code timeout} for waits (instance terminated, NLB gone). */
    @FunctionalInterface
    public interface Undo {
        void run(Duration timeout) throws Exception;
    }

    /** Thrown by an {@link Undo} that decides to leave its resource in place: the message says why. */
    public static final class Kept extends RuntimeException {
        public Kept(String reason) {
            super(reason);
        }
    }

    /** One line of the clean-up report. */
    public record Outcome(String resource, Status status, String detail) {
        @Override
        public String toString() {
            return switch (status) {
                case REMOVED -> "removed " + resource + (detail == null ? "" : " (" + detail + ")");
                case KEPT -> "kept " + resource + ": " + detail;
                case FAILED -> "NOT removed " + resource + ": " + detail;
            };
        }
    }

    /** What {@link #cleanUp} did, in the order it did it. */
    public record Report(List<Outcome> outcomes) {
        public Report {
            outcomes = List.copyOf(outcomes);
        }

        public List<Outcome> with(Status status) {
            return outcomes.stream().filter(o -> o.status() == status).toList();
        }

        public boolean failed() {
            return !with(Status.FAILED).isEmpty();
        }

        @Override
        public String toString() {
            if (outcomes.isEmpty()) {
                return "the run created nothing in AWS that needed removing";
            }
            return with(Status.REMOVED).size() + " removed, " + with(Status.KEPT).size() + " kept, "
                    + with(Status.FAILED).size() + " not removed\n" + outcomes.stream().map(Outcome::toString)
                    .collect(Collectors.joining("\n"));
        }
    }

    private record Entry(String key, String resource, Undo undo) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /**
     * Records that {@code resource} (e.g. {@code security group sg-0abc (mz-bastion)}) was created; {@code key}
     * identifies it for {@link #forget}. Registering a key again replaces nothing: both undos run.
     */
    public synchronized void register(String key, String resource, Undo undo) {
        entries.add(new Entry(key, resource, undo));
    }

    /** The run removed the resource itself (a step deleted it): no undo for it any more. */
    public synchronized void forget(String key) {
        entries.removeIf(e -> e.key().equals(key));
    }

    /** Whether the run created {@code key} and has not removed it. */
    public synchronized boolean contains(String key) {
        return entries.stream().anyMatch(e -> e.key().equals(key));
    }

    /** What is still to undo, oldest first. */
    public synchronized List<String> pending() {
        return entries.stream().map(Entry::resource).toList();
    }

    /**
     * Undoes everything recorded, newest first, each at most once: an undo that fails is reported and the rest still
     * run. Attaches the report as evidence ({@code AWS clean-up}) and logs it; never throws.
     */
    public Report cleanUp(Duration timeout) {
        List<Entry> todo;
        synchronized (this) {
            todo = new ArrayList<>(entries);
            entries.clear();
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = todo.size() - 1; i >= 0; i--) {
            Entry e = todo.get(i);
            try {
                e.undo().run(timeout);
                outcomes.add(new Outcome(e.resource(), Status.REMOVED, null));
            } catch (Kept k) {
                outcomes.add(new Outcome(e.resource(), Status.KEPT, k.getMessage()));
            } catch (Exception | AssertionError failure) {
                outcomes.add(new Outcome(e.resource(), Status.FAILED, describe(failure)));
            }
        }
        Report report = new Report(outcomes);
        String text = Secrets.mask(report.toString());
        if (report.failed()) {
            LOG.warn("AWS clean-up: {}", text);
        } else if (!outcomes.isEmpty()) {
            LOG.info("AWS clean-up: {}", text);
        }
        Evidence.text("AWS clean-up", report.toString());
        return report;
    }

    /** An AWS error as {@code Code: message}; anything else by its message. */
    static String describe(Throwable failure) {
        Optional<String> code = errorCode(failure);
        if (code.isPresent()) {
            AwsServiceException aws = (AwsServiceException) failure;
            return code.get() + ": " + aws.awsErrorDetails().errorMessage();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    /** The AWS error code of {@code failure}, when AWS refused a call. */
    public static Optional<String> errorCode(Throwable failure) {
        if (failure instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return Optional.ofNullable(aws.awsErrorDetails().errorCode());
        }
        return Optional.empty();
    }
}
