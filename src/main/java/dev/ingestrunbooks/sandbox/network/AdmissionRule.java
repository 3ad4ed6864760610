package dev.ingestrunbooks.sandbox.network;

/**
 * Decides, before the proxy connects upstream, whether a client may reach the server. Rules may also act
 * (e.g. sync a role attribute) before admitting. Called on the client's connection thread; must be thread-safe.
 */
@FunctionalInterface
public interface AdmissionRule {

    Admission admit(ConnectionAttempt attempt);

    static AdmissionRule admitAll() {
        return attempt -> Admission.admit();
    }

    /** This rule first; if it admits, then {@code next} decides. The first rejection or drop wins. */
    default AdmissionRule andThen(AdmissionRule next) {
        return attempt -> {
            Admission first = admit(attempt);
            return first instanceof Admission.Admit ? next.admit(attempt) : first;
        };
    }
}
