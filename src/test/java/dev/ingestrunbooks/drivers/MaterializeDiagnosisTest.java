package dev.ingestrunbooks.drivers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Materialize's status errors (docs/materialize.md §4.2, §4.3) and the guide step each points to. */
class MaterializeDiagnosisTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres: server must have wal_level >= logical, but has replica | A1",
        "postgres: PostgreSQL server has insufficient number of replication slots available | A1",
        "postgres: publication \"mz_source\" does not exist | A2",
        "POSTGRES source validation: PUBLICATION mz_source is empty | A2",
        "postgres: db error: FATAL: permission denied to start WAL sender | A2",
        "postgres: db error: FATAL: must be superuser or replication role to start walsender | A2",
        "unknown cluster 'ingest_postgres' | C1",
        "db error: FATAL: password authentication failed for user \"materialize\" | C2",
        "db error: FATAL: database \"ordersdb\" does not exist | C2",
        "failed to connect to the remote host: ec2-user@127.201.0.1: Permission denied (publickey). | B",
        "failed to connect to the remote host: connect to host 127.201.0.1 port 40123: Connection timed out | B",
        "ssh: failed to connect to the remote host: connect to host 127.201.0.1 port 22: Connection refused | B",
        "error connecting to server: timed out | B",
        "The Vpc Endpoint Service 'com.amazonaws.vpce.us-east-1.vpce-svc-0a1b2c3d4e5f60718' does not exist | B",
        "The VPC endpoint service com.amazonaws.vpce.us-east-1.vpce-svc-0a1 does not support the availability zone use1-az3. | B",
        "invalid AWS PrivateLink availability zone \"us-east-1a\" | B",
        "VPC endpoint vpce-0c1308d7312217123 is pendingAcceptance: the endpoint service's owner has not accepted it | B",
        "IO error in connection: failed to lookup address information: Name or service not known | B",
    })
    void namesTheStepThatFixesAnError(String error, String step) {
        assertThat(MaterializeDiagnosis.diagnoseStatus("source mz_source", error))
                .hasValueSatisfying(f -> {
                    assertThat(f.fix()).isEqualTo(GuideStep.valueOf(step));
                    assertThat(f.getMessage()).contains(error).endsWith("do " + f.fix().reference());
                });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres: table was truncated",
        "syntax error at or near \"SELEC\"",
    })
    void anErrorNoStepExplainsHasNoDiagnosis(String error) {
        assertThat(MaterializeDiagnosis.diagnoseStatus("source mz_source", error)).isEmpty();
    }
}
