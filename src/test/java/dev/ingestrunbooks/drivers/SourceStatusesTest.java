package dev.ingestrunbooks.drivers;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The guide's C3 queries read on result fixtures, as Materialize returns them. */
class SourceStatusesTest {

    private static ResultTable statuses(String[]... rows) {
        return new ResultTable(List.of("id", "name", "type", "status", "error"),
                Arrays.stream(rows).map(Arrays::asList).toList());
    }

    @Test
    void everyObjectRunningIsDoneAndNoRowsIsNoSource() {
        assertThat(SourceStatuses.allIn(statuses(new String[] {"u1", "mz_source", "postgres", "running", null},
                new String[] {"u2", "orders", "subsource", "running", null}), "running")).isTrue();
        assertThat(SourceStatuses.allIn(statuses(new String[] {"u1", "mz_source", "postgres", "starting", null}),
                "running")).isFalse();
        assertThat(SourceStatuses.allIn(statuses(), "running")).as("no rows").isFalse();
        assertThat(SourceStatuses.noSource().fix()).isEqualTo(GuideStep.C2);
    }

    @Test
    void aStalledObjectNamesTheStepItsErrorPointsTo() {
        ResultTable t = statuses(new String[] {"u1", "mz_source", "postgres", "stalled",
                "postgres: publication \"mz_source\" does not exist"});
        assertThat(SourceStatuses.stalled(t)).hasValueSatisfying(f -> {
            assertThat(f.fix()).isEqualTo(GuideStep.A2);
            assertThat(f.getMessage()).contains("source mz_source is stalled");
        });
        assertThat(SourceStatuses.stalled(statuses(new String[] {"u1", "mz_source", "postgres", "stalled",
                "connection reset by peer"}))).as("an error no step explains").isEmpty();
        assertThat(SourceStatuses.stalled(statuses(new String[] {"u1", "mz_source", "postgres", "running", null})))
                .isEmpty();
    }

    @Test
    void aWaitThatRanOutSaysWhatItSaw() {
        ResultTable t = statuses(new String[] {"u1", "mz_source", "postgres", "starting", null});
        RunbookFailure f = SourceStatuses.notYet(t, "running", Duration.ofSeconds(60));
        assertThat(f.fix()).isEqualTo(GuideStep.C3);
        assertThat(f.getMessage()).contains("after 60 s").contains("[mz_source=starting]");
    }

    @Test
    void theSnapshotIsCommittedWhenEveryRowSaysSo() {
        ResultTable committed = new ResultTable(List.of("snapshot_committed"), List.of(List.of("t")));
        ResultTable partly = new ResultTable(List.of("snapshot_committed"), List.of(List.of("t"), List.of("f")));
        assertThat(SourceStatuses.snapshotCommitted(committed)).isTrue();
        assertThat(SourceStatuses.snapshotCommitted(partly)).isFalse();
        assertThat(SourceStatuses.snapshotNotCommitted(partly, Duration.ofSeconds(5)).fix()).isEqualTo(GuideStep.C3);
    }
}
