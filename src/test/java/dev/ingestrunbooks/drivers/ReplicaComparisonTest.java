package dev.ingestrunbooks.drivers;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaComparisonTest {

    private static ResultTable table(String[]... rows) {
        return new ResultTable(List.of("a", "b"), Arrays.stream(rows).map(r -> Arrays.asList(r)).toList());
    }

    @Test
    void rowOrderDoesNotMatter() {
        assertThat(ReplicaComparison.fingerprint(table(new String[] {"1", "x"}, new String[] {"2", "y"})))
                .isEqualTo(ReplicaComparison.fingerprint(table(new String[] {"2", "y"}, new String[] {"1", "x"})));
    }

    @Test
    void duplicatesNullsAndColumnBoundariesCount() {
        ReplicaComparison.Fingerprint once = ReplicaComparison.fingerprint(table(new String[] {"1", "x"}));
        ReplicaComparison.Fingerprint twice = ReplicaComparison.fingerprint(table(new String[] {"1", "x"},
                new String[] {"1", "x"}));
        assertThat(twice.rows()).isEqualTo(2);
        assertThat(twice.sha256()).isNotEqualTo(once.sha256());
        assertThat(ReplicaComparison.fingerprint(table(new String[] {"1", null})))
                .isNotEqualTo(ReplicaComparison.fingerprint(table(new String[] {"1", ""})));
        assertThat(ReplicaComparison.fingerprint(table(new String[] {"1x", ""})))
                .isNotEqualTo(ReplicaComparison.fingerprint(table(new String[] {"1", "x"})));
    }
}
