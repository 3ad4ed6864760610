package dev.ingestrunbooks.runbook;

import dev.ingestrunbooks.evidence.Secrets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholdersTest {

    @Test
    void fillsTheGuidesPlaceholdersAndKeepsEverythingElse() {
        Placeholders p = new Placeholders();
        p.put("table1", "orders");
        p.put("<schema>", "public");
        assertThat(p.fill("ALTER TABLE <table1> REPLICA IDENTITY FULL; GRANT USAGE ON SCHEMA <schema> TO materialize; SELECT 1 < 2"))
                .isEqualTo("ALTER TABLE orders REPLICA IDENTITY FULL; GRANT USAGE ON SCHEMA public TO materialize; SELECT 1 < 2");
    }

    @Test
    void thePasswordIsGeneratedAndSecret() {
        Placeholders p = new Placeholders();
        String sql = p.fill("CREATE USER materialize PASSWORD '<password>';");
        assertThat(p.password()).hasSizeGreaterThan(20).isNotEqualTo(new Placeholders().password());
        assertThat(Secrets.mask(sql)).isEqualTo("CREATE USER materialize PASSWORD '****';");
    }

    @Test
    void theGuidesCapitalisedPlaceholdersMatchTheirLowerCaseValue() {
        Placeholders p = new Placeholders();
        assertThat(p.fill("CREATE SECRET pgpass AS '<PASSWORD>';")).isEqualTo("CREATE SECRET pgpass AS '"
                + p.password() + "';");
    }

    @Test
    void anUnknownPlaceholderIsNamed() {
        assertThatThrownBy(() -> new Placeholders().fill("GRANT SELECT ON <table2> TO materialize"))
                .hasMessageContaining("<table2>");
    }
}
