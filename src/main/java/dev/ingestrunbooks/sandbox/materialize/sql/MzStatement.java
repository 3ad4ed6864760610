package dev.ingestrunbooks.sandbox.materialize.sql;

import java.util.List;
import java.util.Optional;

/**
 * A parsed Materialize-specific statement: the statements of the RDS/Aurora ingest guides that the emulator
 * executes itself instead of passing them to the backing PostgreSQL.
 *
 * <p>Grammar: {@code docs/materialize.md} §2. Option lists are kept as written
 * ({@link MzOption}); planning rules (required options, SSL modes, sizes) are applied by the catalog layer.
 */
public sealed interface MzStatement {

    /** {@code CREATE SECRET [IF NOT EXISTS] name AS 'value'}. {@link #toString()} never shows the value. */
    /** {@code CREATE SCHEMA [IF NOT EXISTS] [database.]name} in the {@code materialize} database. */
    record CreateSchema(boolean ifNotExists, QualifiedName name) implements MzStatement {
    }

    record CreateSecret(boolean ifNotExists, QualifiedName name, String value) implements MzStatement {
        @Override
        public String toString() {
            return "CreateSecret[ifNotExists=" + ifNotExists + ", name=" + name + ", value=<redacted>]";
        }
    }

    /** {@code ALTER SECRET [IF EXISTS] name AS 'value'}: overwrites the value. {@link #toString()} hides it. */
    record AlterSecret(boolean ifExists, QualifiedName name, String value) implements MzStatement {
        @Override
        public String toString() {
            return "AlterSecret[ifExists=" + ifExists + ", name=" + name + ", value=<redacted>]";
        }
    }

    /** {@code CREATE CONNECTION [IF NOT EXISTS] name TO type (options) [WITH (options)]}. */
    record CreateConnection(boolean ifNotExists, QualifiedName name, ConnectionType type, List<MzOption> options,
                            List<MzOption> with) implements MzStatement {
        /** Copies the lists. */
        public CreateConnection {
            options = List.copyOf(options);
            with = List.copyOf(with);
        }
    }

    /** {@code ALTER CONNECTION [IF EXISTS] name ROTATE KEYS} (the only ALTER CONNECTION form the emulator has). */
    record AlterConnectionRotateKeys(boolean ifExists, QualifiedName name) implements MzStatement {
    }

    /** {@code VALIDATE CONNECTION name}. */
    record ValidateConnection(QualifiedName name) implements MzStatement {
    }

    /** {@code CREATE CLUSTER name [(] SIZE [=] '…' [, REPLICATION FACTOR [=] n] … [)]}. */
    record CreateCluster(String name, List<MzOption> options) implements MzStatement {
        /** Copies the list. */
        public CreateCluster {
            options = List.copyOf(options);
        }
    }

    /** {@code ALTER CLUSTER [IF EXISTS] name SET (options)}. */
    record AlterClusterSet(boolean ifExists, String name, List<MzOption> options) implements MzStatement {
        /** Copies the list. */
        public AlterClusterSet {
            options = List.copyOf(options);
        }
    }

    /** {@code SET cluster = x}, {@code SET CLUSTER TO 'x'}: the session's active cluster. */
    record SetCluster(String cluster) implements MzStatement {
    }

    /** {@code CREATE SOURCE … FROM POSTGRES CONNECTION …} in the legacy (FOR …) or new (no FOR) syntax. */
    record CreateSource(boolean ifNotExists, QualifiedName name, Optional<String> inCluster, QualifiedName connection,
                        List<MzOption> connectionOptions, ForClause forClause, Optional<QualifiedName> progressName,
                        List<MzOption> with) implements MzStatement {
        /** Copies the lists. */
        public CreateSource {
            connectionOptions = List.copyOf(connectionOptions);
            with = List.copyOf(with);
        }

        /** The {@code PUBLICATION} option's value, if given. */
        public Optional<String> publication() {
            return MzOption.find(connectionOptions, "PUBLICATION").map(OptionValue::asText);
        }

        /** The {@code TEXT COLUMNS} option's column references, or an empty list. */
        public List<String> textColumns() {
            return MzOption.find(connectionOptions, "TEXT COLUMNS")
                    .map(v -> v instanceof OptionValue.ListOf l ? l.texts() : List.of(v.asText())).orElse(List.of());
        }
    }

    /** {@code ALTER SOURCE [IF EXISTS] src ADD SUBSOURCE|TABLE t [AS n], … [WITH (TEXT COLUMNS (…))]}. */
    record AlterSourceAddSubsource(boolean ifExists, QualifiedName source, List<TableReference> tables,
                                   List<MzOption> with) implements MzStatement {
        /** Copies the lists. */
        public AlterSourceAddSubsource {
            tables = List.copyOf(tables);
            with = List.copyOf(with);
        }

        /** The {@code TEXT COLUMNS} option's column references, or an empty list. */
        public List<String> textColumns() {
            return MzOption.find(with, "TEXT COLUMNS")
                    .map(v -> v instanceof OptionValue.ListOf l ? l.texts() : List.of(v.asText())).orElse(List.of());
        }
    }

    /** {@code ALTER SOURCE src DROP SUBSOURCE [IF EXISTS] a, … [CASCADE|RESTRICT]} (v0.59–v0.97). */
    record AlterSourceDropSubsource(QualifiedName source, boolean ifExists, List<QualifiedName> subsources,
                                    boolean cascade) implements MzStatement {
        /** Copies the list. */
        public AlterSourceDropSubsource {
            subsources = List.copyOf(subsources);
        }
    }

    /** {@code DROP SOURCE|CONNECTION|SECRET|CLUSTER|VIEW|MATERIALIZED VIEW|INDEX|SCHEMA [IF EXISTS] name, … [CASCADE|RESTRICT]}. */
    record DropObjects(ObjectType type, boolean ifExists, List<QualifiedName> names, boolean cascade)
            implements MzStatement {
        /** Copies the list. */
        public DropObjects {
            names = List.copyOf(names);
        }
    }

    /**
     * {@code SHOW SOURCES|SUBSOURCES|CONNECTIONS|SECRETS|CLUSTERS|CLUSTER REPLICAS [ON x] [FROM schema]
     * [IN CLUSTER c] [LIKE 'p' | WHERE expr]}; {@code where} is the expression's SQL text, for the backing database.
     */
    record Show(ShowTarget target, Optional<QualifiedName> on, Optional<QualifiedName> from,
                Optional<String> inCluster, Optional<String> like, Optional<String> where) implements MzStatement {
    }

    /** {@code SHOW cluster}: reads the session's active cluster. */
    record ShowCluster() implements MzStatement {
    }

    /**
     * {@code CREATE [OR REPLACE] [MATERIALIZED] VIEW [IF NOT EXISTS] name [(columns)] [IN CLUSTER c]
     * [WITH (…)] AS query}; {@code query} is the SELECT's SQL text, for the backing database; {@code inCluster}
     * only for materialized views.
     */
    record CreateView(boolean orReplace, boolean materialized, boolean ifNotExists, QualifiedName name,
                      List<String> columns, Optional<String> inCluster, String query) implements MzStatement {
        /** Copies the list. */
        public CreateView {
            columns = List.copyOf(columns);
        }
    }

    /**
     * {@code CREATE [DEFAULT] INDEX [IF NOT EXISTS] [name] [IN CLUSTER c] ON object [USING ARRANGEMENT]
     * [(key, …)] [WITH (…)]}; keys as written, empty for a default index.
     */
    record CreateIndex(boolean defaultIndex, boolean ifNotExists, Optional<String> name, Optional<String> inCluster,
                       QualifiedName on, List<String> keys) implements MzStatement {
        /** Copies the list. */
        public CreateIndex {
            keys = List.copyOf(keys);
        }
    }

    /** Connection types. */
    enum ConnectionType { POSTGRES, AWS_PRIVATELINK, SSH_TUNNEL }

    /** Object types that {@code DROP} handles here. */
    enum ObjectType {
        SOURCE, CONNECTION, SECRET, CLUSTER, VIEW, MATERIALIZED_VIEW, INDEX, SCHEMA;

        /** As SQL writes it ({@code MATERIALIZED VIEW}), also the DROP command tag's object. */
        public String sql() {
            return name().replace('_', ' ');
        }
    }

    /** What a {@code SHOW} lists. */
    enum ShowTarget { SOURCES, SUBSOURCES, CONNECTIONS, SECRETS, CLUSTERS, CLUSTER_REPLICAS, VIEWS,
        MATERIALIZED_VIEWS, INDEXES }

    /** An upstream table with an optional subsource name: {@code schema.table [AS name]}. */
    record TableReference(QualifiedName upstream, Optional<QualifiedName> alias) {
        /** The subsource name: the alias, else the upstream table's name. */
        public QualifiedName subsourceName() {
            return alias.orElse(QualifiedName.of(upstream.item()));
        }
    }

    /** The legacy {@code FOR …} clause of CREATE SOURCE. */
    sealed interface ForClause {
        /** {@code FOR ALL TABLES}. */
        record AllTables() implements ForClause {
        }

        /** {@code FOR TABLES (t [AS n], …)}. */
        record Tables(List<TableReference> tables) implements ForClause {
            /** Copies the list. */
            public Tables {
                tables = List.copyOf(tables);
            }
        }

        /** {@code FOR SCHEMAS (s, …)}. */
        record Schemas(List<String> schemas) implements ForClause {
            /** Copies the list. */
            public Schemas {
                schemas = List.copyOf(schemas);
            }
        }

        /** No FOR clause (the new syntax: tables come from {@code CREATE TABLE … FROM SOURCE}). */
        record None() implements ForClause {
        }
    }
}
