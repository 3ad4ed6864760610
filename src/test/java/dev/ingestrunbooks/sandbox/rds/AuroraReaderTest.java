package dev.ingestrunbooks.sandbox.rds;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The reader's catch-up target: the end of the writer's last inserted WAL record. */
class AuroraReaderTest {

    @Test
    void insertPositionPastAPageHeaderMeansTheRecordEndedAtTheBoundary() {
        assertThat(AuroraReader.recordEnd("0/1234018")).as("short page header").isEqualTo("0/1234000");
        assertThat(AuroraReader.recordEnd("0/3000028")).as("long header at a segment start").isEqualTo("0/3000000");
        assertThat(AuroraReader.recordEnd("1/A0001238")).as("inside a page").isEqualTo("1/A0001238");
        assertThat(AuroraReader.recordEnd("0/1234020")).isEqualTo("0/1234020");
    }
}
