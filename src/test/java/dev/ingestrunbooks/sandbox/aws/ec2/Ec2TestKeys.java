package dev.ingestrunbooks.sandbox.aws.ec2;

/**
 * Public keys made with {@code ssh-keygen} for the EC2 tests, with the fingerprints {@code ssh-keygen -l} printed
 * for them (SHA-256 for Ed25519, MD5 for RSA). Public halves only; the private halves were thrown away.
 */
final class Ec2TestKeys {

    static final String ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIyjfDBGD/nu1p0ptYZmhrb0pEQUANK835fleWQCj0ro"
            + " admin@workstation";
    /** {@code ssh-keygen -l -E sha256}: {@code SHA256:fbyy…1h8}; AWS gives the same digest as padded base64. */
    static final String ED25519_FINGERPRINT = "fbyy2XcHnAm77JMGZdaOJ8IlkY3L4Eezi33NuEl71h8=";

    static final String RSA = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCX5O6owDCHZ9C/2SQJNe5ZmAw38ZJR4PN44HGs8l/orj4QQ7"
            + "GURUycEwGIVZCP6qZ7AVp0yX0H2eX9/wpe1dRyLQcSnEqqn5qynOH6HdxpwupybY03jQkwNtSXtnpfkvpQnwMdLblPSLCegCe5EZS5H"
            + "oZFaTaGEU1RHfyuaA9oVdufCzosjBKYWr3univlkE+oKbQEe6/wRCttEl9rJP3pCBlUe8hUQ5uXXFwTq8xdKXXVzmJsmM+RZoKITzuSl"
            + "1DKSSMtHsBPxaNDnvwSPT1UmGKKnXeTBgWLjM61wEXC9SZtfh3E/crK9GhFmhmQh5tpKZnYeUA1u8o0R3UUpXu/ rsa@x";
    /** {@code ssh-keygen -l -E md5}. */
    static final String RSA_FINGERPRINT = "95:40:8d:d1:60:bb:00:43:dd:a1:de:c5:06:6e:f5:74";

    private Ec2TestKeys() {
    }
}
