package dev.ingestrunbooks.drivers.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ingestrunbooks.drivers.GuideStep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which guide step fixes a source status error, as the C3.source-running check reports it. */
class SourceChecksTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "postgres: table was truncated | CONSIDERATIONS",
        "postgres: incompatible schema change on public.orders: column \"qty\" was dropped | CONSIDERATIONS",
        "postgres: can no longer get changes from replication slot \"materialize_1\" | CONSIDERATIONS",
        "postgres: publication \"mz_source\" does not exist | A2",
        "postgres: server must have wal_level >= logical, but has replica | A1",
    })
    void namesTheStepThatFixesAStatusError(String error, String step) {
        assertThat(SourceChecks.fixFor(error)).contains(GuideStep.valueOf(step));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"postgres: connection reset by peer"})
    void anErrorNoStepExplainsNamesNone(String error) {
        assertThat(SourceChecks.fixFor(error)).isEmpty();
    }
}
