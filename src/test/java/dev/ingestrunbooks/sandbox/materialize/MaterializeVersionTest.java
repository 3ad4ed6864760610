package dev.ingestrunbooks.sandbox.materialize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog.SubsourceStyle;
import org.junit.jupiter.api.Test;

class MaterializeVersionTest {

    @Test
    void parsesTheWaysAUserWritesAVersion() {
        assertThat(MaterializeVersion.parse("v0.97")).isEqualTo(MaterializeVersion.V0_97);
        assertThat(MaterializeVersion.parse("0.97")).isEqualTo(MaterializeVersion.V0_97);
        assertThat(MaterializeVersion.parse(" V0.130.0 ")).isEqualTo(MaterializeVersion.V0_130);
        assertThatThrownBy(() -> MaterializeVersion.parse("v1.0"))
                .hasMessage("the sandbox Materialize imitates v0.97 or v0.130, not 'v1.0'");
    }

    @Test
    void eachVersionHasItsSubsourceEraAndReportsItself() {
        assertThat(MaterializeVersion.V0_97.subsourceStyle()).isEqualTo(SubsourceStyle.ALTER_SOURCE);
        assertThat(MaterializeVersion.V0_130.subsourceStyle()).isEqualTo(SubsourceStyle.DROP_SOURCE);
        assertThat(MaterializeVersion.DEFAULT.reported()).isEqualTo("v0.130.0 (sandbox)");
    }
}
