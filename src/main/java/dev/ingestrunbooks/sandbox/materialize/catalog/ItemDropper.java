package dev.ingestrunbooks.sandbox.materialize.catalog;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Connection;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Secret;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import java.util.ArrayList;
import java.util.List;

/**
 * DROP semantics of the emulated catalog (docs/materialize.md §2.8, §2.10): RESTRICT by default with Materialize's
 * {@code cannot drop … still depended upon by …} error, CASCADE dropping dependents first, a source's progress
 * collection always going with it, and the subsource rules of the catalog's {@link MzCatalog.SubsourceStyle}.
 * Runs under the catalog's lock.
 */
final class ItemDropper {
    private final MzCatalog catalog;

    ItemDropper(MzCatalog catalog) {
        this.catalog = catalog;
    }

    List<CatalogItem> drop(MzCatalog.ItemType type, List<String> names, boolean ifExists, boolean cascade) {
        List<CatalogItem> dropped = new ArrayList<>();
        for (String name : names) {
            CatalogItem item = catalog.items.get(name);
            if (item == null && ifExists) {
                continue;
            }
            if (item == null) {
                throw MzErrors.unknownCatalogItem(name);
            }
            if (!type.matches(item)) {
                throw MzErrors.mismatchedObjectType(name, item.typeName(), type.word());
            }
            if (item instanceof Source s && s.kind() != SourceKind.POSTGRES
                    && catalog.style() == MzCatalog.SubsourceStyle.ALTER_SOURCE) {
                throw MzErrors.subsourceNeedsAlter(name);
            }
            collect(item, cascade, dropped);
        }
        dropped.forEach(catalog::forget);
        return dropped;
    }

    List<CatalogItem> dropSubsources(String sourceName, List<String> names, boolean ifExists) {
        Source source = catalog.require(sourceName, Source.class, "source");
        List<CatalogItem> dropped = new ArrayList<>();
        for (String name : names) {
            CatalogItem item = catalog.items.get(name);
            boolean isSubsource = item instanceof Source s && s.kind() == SourceKind.SUBSOURCE
                    && source.id().equals(s.parentId());
            if (!isSubsource && ifExists) {
                continue;
            }
            if (!isSubsource) {
                throw MzErrors.unknownCatalogItem(name);
            }
            dropped.add(item);
        }
        dropped.forEach(catalog::forget);
        return dropped;
    }

    /** The items of schema {@code name}, dropped (with their dependents) only with CASCADE. */
    List<CatalogItem> dropSchema(String name, boolean cascade) {
        List<CatalogItem> inSchema = catalog.items.values().stream().filter(i -> name.equals(i.schema())).toList();
        if (!inSchema.isEmpty() && !cascade) {
            throw MzErrors.schemaNotEmpty(name);
        }
        List<CatalogItem> dropped = new ArrayList<>();
        inSchema.forEach(i -> collect(i, true, dropped));
        dropped.forEach(catalog::forget);
        return dropped;
    }

    List<CatalogItem> dropCluster(String name, boolean ifExists, boolean cascade) {
        Cluster cluster = catalog.clusters.find(name).orElse(null);
        if (cluster == null && ifExists) {
            return List.of();
        }
        if (cluster == null) {
            throw MzErrors.unknownCluster(name);
        }
        List<CatalogItem> inCluster = catalog.items.values().stream().filter(i -> cluster.id().equals(clusterOf(i)))
                .toList();
        if (!inCluster.isEmpty() && !cascade) {
            throw MzErrors.dependentObjectsStillExist("cluster", name, describe(inCluster));
        }
        List<CatalogItem> dropped = new ArrayList<>();
        inCluster.forEach(s -> collect(s, true, dropped));
        dropped.forEach(catalog::forget);
        catalog.clusters.remove(name);
        return dropped;
    }

    private void collect(CatalogItem item, boolean cascade, List<CatalogItem> out) {
        if (out.contains(item)) {
            return;
        }
        List<CatalogItem> dependents = dependents(item);
        if (!dependents.isEmpty() && !cascade) {
            throw MzErrors.dependentObjectsStillExist(item.typeName(), item.name(), describe(dependents));
        }
        dependents.forEach(d -> collect(d, true, out));
        for (CatalogItem part : ownedParts(item)) {
            collect(part, true, out);
        }
        out.add(item);
    }

    private static List<String[]> describe(List<CatalogItem> items) {
        return items.stream().map(i -> new String[] {i.typeName(), i.name()}).toList();
    }

    /** Items that block a RESTRICT drop of {@code item}. */
    private List<CatalogItem> dependents(CatalogItem item) {
        List<CatalogItem> result = new ArrayList<>();
        for (CatalogItem other : catalog.items.values()) {
            if (!(other instanceof CatalogItem.Index) && dependsOn(other, item)) {
                result.add(other);
            }
        }
        return result;
    }

    private static String clusterOf(CatalogItem item) {
        if (item instanceof Source s) {
            return s.clusterId();
        }
        if (item instanceof CatalogItem.View v) {
            return v.clusterId();
        }
        return item instanceof CatalogItem.Index i ? i.clusterId() : null;
    }

    private boolean dependsOn(CatalogItem other, CatalogItem item) {
        if (other instanceof CatalogItem.View v && v.references().contains(item.key())) {
            return true;
        }
        if (item instanceof Secret s) {
            return other instanceof Connection c && c.references().contains(s.name());
        }
        if (item instanceof Connection c) {
            return (other instanceof Connection o && o.references().contains(c.name()))
                    || (other instanceof Source s && c.id().equals(s.connectionId()));
        }
        if (!(item instanceof Source s)) {
            return false;
        }
        return catalog.style() == MzCatalog.SubsourceStyle.DROP_SOURCE && other instanceof Source sub
                && sub.kind() == SourceKind.SUBSOURCE && s.id().equals(sub.parentId());
    }

    /**
     * Items dropped silently with {@code item}: its indexes (they never block a drop, as in Materialize's
     * {@code dependency_prevents_drop}), and a source's progress collection and legacy-style subsources.
     */
    private List<CatalogItem> ownedParts(CatalogItem item) {
        List<CatalogItem> parts = new ArrayList<>(catalog.items.values().stream()
                .filter(o -> o instanceof CatalogItem.Index i && i.onId().equals(item.id())).toList());
        if (item instanceof Source s && s.kind() == SourceKind.POSTGRES) {
            parts.addAll(catalog.items.values().stream().filter(o -> o instanceof Source sub
                    && s.id().equals(sub.parentId()) && (sub.kind() == SourceKind.PROGRESS
                    || catalog.style() == MzCatalog.SubsourceStyle.ALTER_SOURCE)).toList());
        }
        return parts;
    }
}
