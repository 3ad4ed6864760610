package dev.ingestrunbooks.sandbox.materialize.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ParameterCountTest {

    @Test
    void countsTheHighestPlaceholderOutsideLiteralsAndComments() {
        assertThat(ParameterCount.highestPlaceholder("SELECT 1")).isZero();
        assertThat(ParameterCount.highestPlaceholder("SELECT $2, $1, $2")).isEqualTo(2);
        assertThat(ParameterCount.highestPlaceholder("SELECT '$5', \"$6\", $1 -- $7\n /* $8 */")).isEqualTo(1);
        assertThat(ParameterCount.highestPlaceholder("SELECT $q$ $9 $q$, $$ $4 $$, $3")).isEqualTo(3);
        assertThat(ParameterCount.highestPlaceholder("SELECT E'\\' $9', 'it''s $9', $1")).isEqualTo(1);
    }
}
