package dev.ingestrunbooks.drivers;

import dev.ingestrunbooks.evidence.Secrets;

/**
 * The setup is not in the state the guide leaves it in. An {@link AssertionError} so the report counts it as a
 * failed check (not a broken harness); the message says what is wrong and which guide step fixes it.
 */
public class RunbookFailure extends AssertionError {
    private static final long serialVersionUID = 1L;
    private final GuideStep fix;

    public RunbookFailure(GuideStep fix, String problem, Throwable cause) {
        super(Secrets.mask(problem) + ": do " + fix.reference(), cause);
        this.fix = fix;
    }

    public RunbookFailure(GuideStep fix, String problem) {
        this(fix, problem, null);
    }

    /** The guide step whose instructions fix this. */
    public GuideStep fix() {
        return fix;
    }
}
