package dev.ingestrunbooks.sandbox.materialize.sql;

import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.SourceSpec;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.CreateSource;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.ForClause;
import dev.ingestrunbooks.sandbox.materialize.sql.MzStatement.TableReference;
import java.util.ArrayList;
import java.util.List;

/**
 * Plans {@code CREATE SOURCE … FROM POSTGRES} and {@code ALTER SOURCE … ADD SUBSOURCE} against the upstream
 * publication's tables, the way Materialize's purification does (docs/materialize.md §2.6, §2.8; texts from
 * {@code src/sql/src/pure/error.rs} and {@code SourceReferenceResolver}): resolve the FOR clause into subsources,
 * check TEXT COLUMNS references, name the progress collection.
 *
 * <p>Limits: TEXT COLUMNS columns are not checked against upstream columns; EXCLUDE COLUMNS is parsed only.
 */
public final class SourcePlanner {
    private final String upstreamDatabase;
    private final List<PublishedTable> publicationTables;

    /**
     * @param upstreamDatabase  the connection's DATABASE (used in messages)
     * @param publicationTables the tables of the publication, from the upstream server
     */
    public SourcePlanner(String upstreamDatabase, List<PublishedTable> publicationTables) {
        this.upstreamDatabase = upstreamDatabase;
        this.publicationTables = List.copyOf(publicationTables);
    }

    /** A planned source: the catalog request plus the TEXT COLUMNS as {@code schema.table.column}. */
    public record PlannedSource(SourceSpec spec, List<String> textColumns) {
    }

    /**
     * Plans {@code statement}; {@code sessionCluster} is used without IN CLUSTER; {@code requireForClause} is true
     * for versions without the new syntax (CREATE SOURCE must then name its tables).
     */
    public PlannedSource plan(CreateSource statement, String sessionCluster, boolean requireForClause) {
        String publication = statement.publication().orElseThrow(MzErrors::publicationRequired);
        List<PublishedTable> tables = resolve(statement.forClause(), publication, requireForClause);
        String schema = schemaOf(statement.name());
        List<SourceSpec.Subsource> subsources = subsources(statement.forClause(), tables, schema);
        List<String> textColumns = textColumns(statement.textColumns(), tables);
        String progress = statement.progressName().map(QualifiedName::item)
                .orElse(statement.name().item() + "_progress");
        return new PlannedSource(new SourceSpec(statement.name().item(), statement.inCluster().orElse(sessionCluster),
                statement.connection().item(), publication, subsources, progress, statement.ifNotExists(), schema),
                textColumns);
    }

    /** A planned ALTER SOURCE … ADD SUBSOURCE: the subsources and the TEXT COLUMNS as {@code schema.table.column}. */
    public record PlannedAdd(List<SourceSpec.Subsource> subsources, List<String> textColumns) {
    }

    /** Plans ALTER SOURCE … ADD SUBSOURCE against the source's publication, for a source in {@code public}. */
    public PlannedAdd planAdd(MzStatement.AlterSourceAddSubsource statement, String publication) {
        return planAdd(statement, publication, null);
    }

    /**
     * Plans ALTER SOURCE … ADD SUBSOURCE against the source's publication; an unqualified subsource goes into
     * {@code sourceSchema}, the source's own schema (null: {@code public}).
     */
    public PlannedAdd planAdd(MzStatement.AlterSourceAddSubsource statement, String publication,
                              String sourceSchema) {
        if (publicationTables.isEmpty()) {
            throw MzErrors.emptyPublication(publication);
        }
        ForClause.Tables forTables = new ForClause.Tables(statement.tables());
        List<PublishedTable> tables = statement.tables().stream().map(this::resolveReference).toList();
        List<String> textColumns = textColumns(statement.textColumns(), tables);
        return new PlannedAdd(subsources(forTables, tables, sourceSchema), textColumns);
    }

    private List<PublishedTable> resolve(ForClause clause, String publication, boolean requireForClause) {
        if (clause instanceof ForClause.None) {
            if (requireForClause) {
                throw MzErrors.missingTablesSpecification();
            }
            return List.of();
        }
        if (publicationTables.isEmpty()) {
            throw MzErrors.emptyPublication(publication);
        }
        if (clause instanceof ForClause.Tables t) {
            return t.tables().stream().map(this::resolveReference).toList();
        }
        if (clause instanceof ForClause.Schemas s) {
            List<String> missing = s.schemas().stream()
                    .filter(schema -> publicationTables.stream().noneMatch(t -> t.schema().equals(schema))).toList();
            if (!missing.isEmpty()) {
                throw MzErrors.missingSchemas(upstreamDatabase, missing);
            }
            return publicationTables.stream().filter(t -> s.schemas().contains(t.schema())).toList();
        }
        return publicationTables;
    }

    private PublishedTable resolveReference(TableReference reference) {
        List<String> parts = reference.upstream().parts();
        String table = parts.get(parts.size() - 1);
        String schema = parts.size() >= 2 ? parts.get(parts.size() - 2) : null;
        List<PublishedTable> matches = publicationTables.stream()
                .filter(t -> t.name().equals(table) && (schema == null || t.schema().equals(schema))).toList();
        if (matches.isEmpty()) {
            throw MzErrors.referenceNotFound(reference.upstream().toString());
        }
        if (matches.size() > 1) {
            throw MzErrors.ambiguousReference(reference.upstream().toString());
        }
        return matches.get(0);
    }

    /** The schema a name's qualifier gives ({@code [database.]schema.item}), or null (the current schema). */
    public static String schemaOf(QualifiedName name) {
        return name.parts().size() >= 2 ? name.parts().get(name.parts().size() - 2) : null;
    }

    private static List<SourceSpec.Subsource> subsources(ForClause clause, List<PublishedTable> tables,
                                                         String sourceSchema) {
        List<SourceSpec.Subsource> result = new ArrayList<>();
        for (int i = 0; i < tables.size(); i++) {
            PublishedTable t = tables.get(i);
            // a qualified alias names the Materialize schema; otherwise the source's own schema
            List<String> alias = clause instanceof ForClause.Tables ft
                    ? ft.tables().get(i).subsourceName().parts() : List.of(t.name());
            String schema = alias.size() >= 2 ? alias.get(alias.size() - 2) : sourceSchema;
            result.add(new SourceSpec.Subsource(schema, alias.get(alias.size() - 1), t.schema(), t.name()));
        }
        return result;
    }

    /**
     * Resolves TEXT COLUMNS against the tables being added, as {@code schema.table.column}; a column named twice is
     * refused as Materialize's {@code generate_text_columns} does, naming it fully qualified
     * ({@code <database>.<schema>.<table>.<column>}).
     */
    private List<String> textColumns(List<String> columns, List<PublishedTable> added) {
        if (columns.isEmpty()) {
            return List.of();
        }
        if (added.isEmpty()) {
            throw MzErrors.optionUnnecessary("TEXT COLUMNS");
        }
        List<String> qualified = new ArrayList<>();
        List<String> dangling = new ArrayList<>();
        for (String column : columns) {
            String[] parts = column.split("\\.");
            if (parts.length < 2) {
                throw MzErrors.unqualifiedTextColumn(column);
            }
            String table = parts[parts.length - 2];
            String schema = parts.length >= 3 ? parts[parts.length - 3] : null;
            added.stream().filter(t -> t.name().equals(table) && (schema == null || t.schema().equals(schema)))
                    .findFirst().ifPresentOrElse(t -> qualified.add(t.qualified() + "." + parts[parts.length - 1]),
                            () -> dangling.add((schema == null ? "public" : schema) + "." + table));
        }
        if (!dangling.isEmpty()) {
            throw MzErrors.danglingTextColumns(dangling);
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String column : qualified) {
            if (!seen.add(column)) {
                throw MzErrors.duplicateTextColumn(upstreamDatabase + "." + column);
            }
        }
        return qualified;
    }
}
