package dev.ingestrunbooks.sandbox.aws.rds;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine-default parameters of each family, loaded from {@code postgres-parameters.tsv}: the rows that
 * DescribeDB(Cluster)Parameters pages through before any user change.
 *
 * <p>The rows are plausible, not a copy of AWS's (~190 per family, enough that paging by {@code Marker} is real);
 * the ones the guides depend on are exact in kind: {@code rds.logical_replication} is static, boolean {@code 0,1},
 * default {@code 0}, and for Aurora a cluster parameter. postgresNN groups (DB or Multi-AZ cluster) see every row;
 * for aurora-postgresqlNN the file's scope column splits rows between DB and DB cluster parameter groups.
 */
public final class ParameterCatalog {

    private static final String RESOURCE = "postgres-parameters.tsv";

    private record Row(String scope, String name, boolean isStatic, String dataType, String allowed,
            String defaultSpec, String source, boolean modifiable, String description) {
    }

    private final List<Row> rows;

    private ParameterCatalog(List<Row> rows) {
        this.rows = rows;
    }

    /** Loads the bundled catalogue. */
    public static ParameterCatalog load() {
        try (InputStream in = ParameterCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<Row> rows = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] c = line.split("\t", -1);
                    rows.add(new Row(c[1], c[0], "static".equals(c[2]), c[3], c[4], c[5], c[6],
                            Boolean.parseBoolean(c[7]), c[8]));
                }
            }
            return new ParameterCatalog(rows);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The definitions a group of this kind and family carries, sorted by name, keyed by name. */
    public Map<String, ParameterDefinition> definitions(GroupKind kind, ParameterFamily family) {
        Map<String, ParameterDefinition> result = new LinkedHashMap<>();
        rows.stream()
                .filter(r -> belongs(r.scope(), kind, family))
                .sorted(Comparator.comparing(Row::name))
                .forEach(r -> result.put(r.name(), new ParameterDefinition(r.name(), r.isStatic(), r.dataType(),
                        r.allowed(), defaultFor(r.defaultSpec(), family.major()), r.source(), r.modifiable(),
                        r.description())));
        return Collections.unmodifiableMap(result);
    }

    private static boolean belongs(String scope, GroupKind kind, ParameterFamily family) {
        if (!family.aurora()) {
            return true;
        }
        return "both".equals(scope) || (kind == GroupKind.CLUSTER ? "cluster" : "instance").equals(scope);
    }

    /** {@code a|15=b}: {@code a} before major 15, {@code b} from 15 on; empty means unset. */
    static String defaultFor(String spec, int major) {
        if (spec.isEmpty()) {
            return null;
        }
        String[] parts = spec.split("\\|");
        String value = parts[0];
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (major >= Integer.parseInt(parts[i].substring(0, eq))) {
                value = parts[i].substring(eq + 1);
            }
        }
        return value.isEmpty() ? null : value;
    }
}
