package dev.ingestrunbooks.sandbox.aws.ec2;

/**
 * The EC2 instance states the emulator uses, with AWS's numeric codes (the low byte of {@code InstanceState.code}):
 * {@code pending} 0 → {@code running} 16 after launch, {@code shutting-down} 32 → {@code terminated} 48 after
 * TerminateInstances. Limits: no {@code stopping}/{@code stopped} (StopInstances is not emulated).
 */
public enum InstanceState {
    PENDING(0, "pending"),
    RUNNING(16, "running"),
    SHUTTING_DOWN(32, "shutting-down"),
    TERMINATED(48, "terminated");

    private final int code;
    private final String wireName;

    InstanceState(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    /** AWS's state code: 0, 16, 32 or 48. */
    public int code() {
        return code;
    }

    /** The name on the wire and in filters: {@code pending}, {@code running}, {@code shutting-down}, {@code terminated}. */
    public String wireName() {
        return wireName;
    }
}
