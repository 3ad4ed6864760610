package dev.ingestrunbooks.sandbox.network;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** Rules chain: the first verdict that is not "admit" wins, a drop as much as a rejection. */
class AdmissionRuleTest {

    private static final ConnectionAttempt ATTEMPT = new ConnectionAttempt(new InetSocketAddress("127.0.0.2", 5000),
            "materialize", "postgres", false);

    @Test
    void aDropOrARejectionStopsTheChain() {
        AdmissionRule admitting = attempt -> Admission.admit();
        AdmissionRule dropping = attempt -> Admission.drop("no rule");
        AdmissionRule rejecting = attempt -> Admission.reject("28000", "no");
        assertThat(dropping.andThen(admitting).admit(ATTEMPT)).isInstanceOf(Admission.Drop.class);
        assertThat(rejecting.andThen(admitting).admit(ATTEMPT)).isInstanceOf(Admission.Reject.class);
        assertThat(admitting.andThen(dropping).admit(ATTEMPT)).isInstanceOf(Admission.Drop.class);
        assertThat(admitting.andThen(admitting).admit(ATTEMPT)).isInstanceOf(Admission.Admit.class);
    }
}
