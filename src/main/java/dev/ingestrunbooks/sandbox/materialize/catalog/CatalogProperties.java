package dev.ingestrunbooks.sandbox.materialize.catalog;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Index;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.ConnectionKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Secret;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.View;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * A {@link CatalogSnapshot} as flat {@link Properties} entries under a prefix ({@code item.0.name=pgpass},
 * {@code item.1.option.HOST=127.0.0.1}, {@code cluster.0.replica.0.size=25cc}, {@code counter.item=7} …), and back.
 * Properties does the escaping, so any name or value survives. Limit: the format has no version of its own; the
 * caller stores one beside it.
 */
public final class CatalogProperties {

    private CatalogProperties() {
    }

    /** Writes {@code snapshot} into {@code out}, keys starting with {@code prefix}. */
    public static void write(CatalogSnapshot snapshot, String prefix, Properties out) {
        Keys k = new Keys(prefix, out);
        CatalogSnapshot.Counters counters = snapshot.counters();
        k.put("counter.item", counters.nextItemId());
        k.put("counter.oid", counters.nextOid());
        k.put("counter.cluster", counters.nextClusterId());
        k.put("counter.replica", counters.nextReplicaId());
        for (int i = 0; i < snapshot.clusters().size(); i++) {
            Cluster c = snapshot.clusters().get(i);
            String at = "cluster." + i + ".";
            k.put(at + "id", c.id());
            k.put(at + "name", c.name());
            k.put(at + "size", c.size());
            k.put(at + "factor", c.replicationFactor());
            for (int r = 0; r < c.replicas().size(); r++) {
                Cluster.Replica replica = c.replicas().get(r);
                k.put(at + "replica." + r + ".id", replica.id());
                k.put(at + "replica." + r + ".name", replica.name());
                k.put(at + "replica." + r + ".size", replica.size());
            }
        }
        for (int i = 0; i < snapshot.schemas().size(); i++) {
            CatalogSnapshot.Schema schema = snapshot.schemas().get(i);
            k.put("schema." + i + ".id", schema.id());
            k.put("schema." + i + ".oid", schema.oid());
            k.put("schema." + i + ".name", schema.name());
        }
        for (int i = 0; i < snapshot.items().size(); i++) {
            writeItem(k, "item." + i + ".", snapshot.items().get(i), snapshot.secretValues());
        }
    }

    private static void writeItem(Keys k, String at, CatalogItem item, Map<String, String> secretValues) {
        k.put(at + "id", item.id());
        k.put(at + "name", item.name());
        if (item instanceof Secret s) {
            k.put(at + "type", "secret");
            k.put(at + "oid", s.oid());
            k.put(at + "value", secretValues.get(s.name()));
        } else if (item instanceof Connection c) {
            k.put(at + "type", "connection");
            k.put(at + "oid", c.oid());
            k.put(at + "kind", c.kind().name());
            c.options().forEach((option, value) -> k.put(at + "option." + option, value));
            k.putList(at + "ref.", c.references());
            k.put(at + "private", secretValues.get(c.name()));
        } else if (item instanceof Source s) {
            k.put(at + "type", "source");
            k.put(at + "oid", s.oid());
            k.put(at + "kind", s.kind().name());
            k.put(at + "parent", s.parentId());
            k.put(at + "cluster", s.clusterId());
            k.put(at + "connection", s.connectionId());
            k.put(at + "publication", s.publication());
            k.put(at + "slot", s.replicationSlot());
            k.put(at + "upstreamSchema", s.upstreamSchema());
            k.put(at + "upstreamTable", s.upstreamTable());
            k.put(at + "schema", s.schema());
        } else if (item instanceof View v) {
            k.put(at + "type", "view");
            k.put(at + "oid", v.oid());
            k.put(at + "materialized", v.materialized());
            k.put(at + "cluster", v.clusterId());
            k.put(at + "definition", v.definition());
            k.putList(at + "ref.", v.references());
        } else if (item instanceof Index x) {
            k.put(at + "type", "index");
            k.put(at + "oid", x.oid());
            k.put(at + "on", x.onId());
            k.put(at + "cluster", x.clusterId());
            k.putList(at + "key.", x.keys());
        } else {
            throw new IllegalArgumentException("cannot save catalog item " + item.name() + " of type "
                    + item.typeName());
        }
    }

    /** Reads what {@link #write} wrote under {@code prefix}. */
    public static CatalogSnapshot read(Properties in, String prefix) {
        Keys k = new Keys(prefix, in);
        List<Cluster> clusters = new ArrayList<>();
        for (int i = 0; k.has("cluster." + i + ".id"); i++) {
            String at = "cluster." + i + ".";
            List<Cluster.Replica> replicas = new ArrayList<>();
            for (int r = 0; k.has(at + "replica." + r + ".id"); r++) {
                String rat = at + "replica." + r + ".";
                replicas.add(new Cluster.Replica(k.get(rat + "id"), k.get(rat + "name"), k.get(rat + "size")));
            }
            clusters.add(new Cluster(k.get(at + "id"), k.get(at + "name"), k.get(at + "size"),
                    Integer.parseInt(k.get(at + "factor")), replicas));
        }
        List<CatalogItem> items = new ArrayList<>();
        Map<String, String> secretValues = new LinkedHashMap<>();
        for (int i = 0; k.has("item." + i + ".id"); i++) {
            CatalogItem item = readItem(k, "item." + i + ".");
            items.add(item);
            if (item instanceof Secret) {
                secretValues.put(item.name(), k.get("item." + i + ".value"));
            } else if (item instanceof Connection && k.has("item." + i + ".private")) {
                secretValues.put(item.name(), k.get("item." + i + ".private"));
            }
        }
        CatalogSnapshot.Counters counters = new CatalogSnapshot.Counters(Integer.parseInt(k.get("counter.item")),
                Long.parseLong(k.get("counter.oid")), Integer.parseInt(k.get("counter.cluster")),
                Integer.parseInt(k.get("counter.replica")));
        List<CatalogSnapshot.Schema> schemas = new ArrayList<>();
        for (int i = 0; k.has("schema." + i + ".id"); i++) {
            schemas.add(new CatalogSnapshot.Schema(k.get("schema." + i + ".id"),
                    Long.parseLong(k.get("schema." + i + ".oid")), k.get("schema." + i + ".name")));
        }
        return new CatalogSnapshot(items, secretValues, clusters, counters, schemas);
    }

    private static CatalogItem readItem(Keys k, String at) {
        String id = k.get(at + "id");
        String name = k.get(at + "name");
        long oid = Long.parseLong(k.get(at + "oid"));
        String type = k.get(at + "type");
        return switch (type) {
            case "secret" -> new Secret(id, oid, name);
            case "connection" -> new Connection(id, oid, name, ConnectionKind.valueOf(k.get(at + "kind")),
                    k.under(at + "option."), k.list(at + "ref."));
            case "view" -> new View(id, oid, name, Boolean.parseBoolean(k.get(at + "materialized")),
                    k.find(at + "cluster"), k.get(at + "definition"), k.list(at + "ref."));
            case "index" -> new Index(id, oid, name, k.get(at + "on"), k.find(at + "cluster"), k.list(at + "key."));
            case "source" -> new Source(id, oid, name, SourceKind.valueOf(k.get(at + "kind")),
                    k.find(at + "parent"), k.find(at + "cluster"), k.find(at + "connection"),
                    k.find(at + "publication"), k.find(at + "slot"), k.find(at + "upstreamSchema"),
                    k.find(at + "upstreamTable"), k.find(at + "schema"));
            default -> throw new IllegalArgumentException("unknown catalog item type '" + type + "' at " + at);
        };
    }

    /** Prefixed access to the properties; a null value is simply absent. */
    private record Keys(String prefix, Properties properties) {
        void put(String key, Object value) {
            if (value != null) {
                properties.setProperty(prefix + key, value.toString());
            }
        }

        void putList(String keyPrefix, List<String> values) {
            for (int i = 0; i < values.size(); i++) {
                put(keyPrefix + i, values.get(i));
            }
        }

        List<String> list(String keyPrefix) {
            List<String> values = new ArrayList<>();
            for (int i = 0; has(keyPrefix + i); i++) {
                values.add(get(keyPrefix + i));
            }
            return values;
        }

        boolean has(String key) {
            return properties.containsKey(prefix + key);
        }

        String find(String key) {
            return properties.getProperty(prefix + key);
        }

        String get(String key) {
            String value = properties.getProperty(prefix + key);
            if (value == null) {
                throw new IllegalArgumentException("saved catalog lacks " + prefix + key);
            }
            return value;
        }

        Map<String, String> under(String keyPrefix) {
            Map<String, String> values = new LinkedHashMap<>();
            String full = prefix + keyPrefix;
            properties.stringPropertyNames().stream().filter(n -> n.startsWith(full)).sorted()
                    .forEach(n -> values.put(n.substring(full.length()), properties.getProperty(n)));
            return values;
        }
    }
}
