package dev.ingestrunbooks.target.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ingestrunbooks.sandbox.rds.Credentials;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The inventory format: defaults, every bad field's error, the environment fallback, and the schema in sync. */
class InventoryTest {

    private static final String GOOD = """
            setups:
              - name: orders-prod
                kind: rds
                region: eu-west-1
                instance: orders-db
                upstream:
                  host: orders-db.abc.eu-west-1.rds.amazonaws.com
                  user: mz_checker
                  password_env: ORDERS_PG_PASSWORD
                materialize:
                  host: abc.eu-west-1.aws.materialize.cloud
                  user: ops@example.com
                  password_file: /run/secrets/mz
              - name: billing
                kind: aurora
                region: us-east-1
                cluster: billing-aurora
                upstream: {host: billing.cluster-abc.us-east-1.rds.amazonaws.com, port: 5433, database: billing,
                           user: checker, password_env: BILLING_PG}
                materialize: {host: mz.example, user: ops, password_env: MZ_PASSWORD}
                names: {source: billing_src, publication: billing_pub}
                thresholds: {slot_lag_bytes: 1048576}
            """;

    @Test
    void readsSetupsWithTheGuideDefaults() {
        Inventory inventory = Inventory.parse(GOOD, "inventory.yaml");
        SetupSpec orders = inventory.setups().get(0);
        assertThat(orders.kind()).isEqualTo(SetupSpec.Kind.RDS);
        assertThat(orders.awsId()).isEqualTo("orders-db");
        assertThat(orders.upstream().port()).isEqualTo(5432);
        assertThat(orders.upstream().database()).isEqualTo("postgres");
        assertThat(orders.upstream().password()).isEqualTo(new SecretRef.FromEnvironment("ORDERS_PG_PASSWORD"));
        assertThat(orders.materialize().port()).isEqualTo(6875);
        assertThat(orders.materialize().password()).isEqualTo(new SecretRef.FromFile(Path.of("/run/secrets/mz")));
        assertThat(orders.names()).isEqualTo(SetupSpec.Names.GUIDE);
        assertThat(orders.thresholds()).isEqualTo(SetupSpec.Thresholds.DEFAULTS);
        SetupSpec billing = inventory.setups().get(1);
        assertThat(billing.kind()).isEqualTo(SetupSpec.Kind.AURORA);
        assertThat(billing.upstream().port()).isEqualTo(5433);
        assertThat(billing.names().source()).isEqualTo("billing_src");
        assertThat(billing.names().replicationUser()).isEqualTo("materialize");
        assertThat(billing.thresholds().slotLagBytes()).isEqualTo(1_048_576);
        assertThat(billing.thresholds().transactionMinutes()).isEqualTo(60);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "password inline      | password_env: ORDERS_PG_PASSWORD | password: hunter2"
                + " | setups[0].upstream.password: passwords are never written into an inventory",
        "typo in a field      | region: eu-west-1 | regoin: eu-west-1 | setups[0].regoin: unknown field",
        "unknown kind         | kind: rds | kind: mysql | setups[0].kind: must be rds or aurora, not 'mysql'",
        "instance on aurora   | kind: rds | kind: aurora | setups[0].instance: belongs to kind rds",
        "port out of range    | port: 5433 | port: 70000"
                + " | setups[1].upstream.port: must be a port (1-65535), not 70000",
        "port as text         | port: 5433 | port: five"
                + " | setups[1].upstream.port: must be a positive whole number, not 'five'",
        "both password kinds  | password_env: MZ_PASSWORD} | password_env: MZ_PASSWORD, password_file: /x}"
                + " | setups[1].materialize: names both password_env and password_file",
        "duplicate name       | name: billing | name: orders-prod | setups[1].name: 'orders-prod' is used by an"
                + " earlier setup",
        "negative threshold   | slot_lag_bytes: 1048576 | slot_lag_bytes: -5"
                + " | setups[1].thresholds.slot_lag_bytes: must be a positive whole number",
        "bad name             | name: billing | name: 'bill ing' | setups[1].name: 'bill ing' must be",
    })
    void everyBadFieldIsNamedWithItsPath(String what, String good, String bad, String error) {
        String yaml = GOOD.replaceFirst(Pattern.quote(good), Matcher.quoteReplacement(bad));
        assertThat(yaml).as("the test's replacement applied").isNotEqualTo(GOOD);
        assertThatThrownBy(() -> Inventory.parse(yaml, "inventory.yaml")).isInstanceOf(InventoryException.class)
                .hasMessageStartingWith("inventory.yaml: ").hasMessageContaining(error);
    }

    @Test
    void aMissingFieldAndBrokenYamlAreReported() {
        assertThatThrownBy(() -> Inventory.parse("setups:\n  - name: x\n    kind: rds\n", "f.yaml"))
                .hasMessage("f.yaml: setups[0].instance: is required");
        assertThatThrownBy(() -> Inventory.parse("setups: [", "f.yaml")).hasMessageStartingWith("f.yaml: not valid YAML");
        assertThatThrownBy(() -> Inventory.parse("setups: []", "f.yaml")).hasMessage("f.yaml: setups: lists no setup");
        assertThatThrownBy(() -> Inventory.parse("- a", "f.yaml"))
                .hasMessage("f.yaml: the document: must be a mapping of fields, not a list");
    }

    @Test
    void withoutAnInventoryTheEnvironmentDescribesOneSetup() {
        String pgPassword = Credentials.generatePassword();
        Map<String, String> env = new HashMap<>(Map.of("PGHOST", "db.example", "PGUSER", "checker", "PGPASSWORD",
                pgPassword, "MZ_HOST", "mz.example", "MZ_USER", "ops", "MZ_PASSWORD", Credentials.generatePassword(),
                "RUNBOOK_AURORA_CLUSTER", "billing", "PGPORT", "5433"));
        SetupSpec setup = Inventory.fromEnvironment(env::get).setups().get(0);
        assertThat(setup.kind()).isEqualTo(SetupSpec.Kind.AURORA);
        assertThat(setup.upstream().port()).isEqualTo(5433);
        assertThat(setup.upstream().password().resolve(env::get)).isEqualTo(pgPassword);
        env.remove("MZ_PASSWORD");
        assertThatThrownBy(() -> Inventory.fromEnvironment(env::get)).hasMessageContaining("lacks MZ_PASSWORD");
        env.put("RUNBOOK_RDS_INSTANCE", "orders");
        assertThatThrownBy(() -> Inventory.fromEnvironment(env::get))
                .hasMessageContaining("both RUNBOOK_RDS_INSTANCE and RUNBOOK_AURORA_CLUSTER");
    }

    @Test
    void aMissingPasswordVariableNamesTheVariableNotAValue() {
        SecretRef ref = new SecretRef.FromEnvironment("NOT_SET_ANYWHERE");
        assertThatThrownBy(() -> ref.resolve(name -> null))
                .hasMessage("environment variable NOT_SET_ANYWHERE (a password the inventory names) is not set");
    }

    /** docs/inventory.schema.json describes exactly the fields the parser knows. */
    @Test
    void theJsonSchemaNamesExactlyTheKnownFields() throws IOException {
        String schema = Files.readString(Path.of("docs/inventory.schema.json"));
        Set<String> inSchema = new TreeSet<>();
        Matcher m = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*\\{\\s*\"(?:type|\\$ref|description|enum|oneOf)")
                .matcher(schema);
        while (m.find()) {
            inSchema.add(m.group(1));
        }
        inSchema.removeAll(Set.of("definitions", "properties", "items", "login", "setup"));
        Set<String> known = new TreeSet<>();
        for (Set<String> fields : java.util.List.of(Inventory.TOP, Inventory.SETUP, Inventory.LOGIN, Inventory.NAMES,
                Inventory.THRESHOLDS)) {
            known.addAll(fields);
        }
        assertThat(inSchema).as("fields in the schema").containsExactlyElementsOf(known);
    }
}
