package dev.ingestrunbooks.sandbox.materialize.sql;

/**
 * The emulator's decision for one statement: execute it as Materialize ({@link Materialize}), or pass it to the
 * backing PostgreSQL ({@link PlainSql}, possibly after a rewrite its {@link PlainKind} calls for), or nothing
 * to do ({@link Empty}).
 */
public sealed interface Classified {

    /** A Materialize statement the emulator executes itself. */
    record Materialize(MzStatement statement) implements Classified {
    }

    /** Plain SQL for the backing PostgreSQL; {@code kind} says whether the emulator must rewrite it first. */
    record PlainSql(String sql, PlainKind kind) implements Classified {
    }

    /** An empty statement (only whitespace, comments or a semicolon). */
    record Empty() implements Classified {
    }

    /** Kinds of plain SQL the emulator treats differently. */
    enum PlainKind {
        /** SELECT / WITH / VALUES / TABLE / EXPLAIN: may read emulated {@code mz_*} relations. */
        QUERY(false),
        /**
         * CREATE [OR REPLACE] TEMP VIEW: passes through (other views, materialized views and indexes are
         * Materialize statements).
         */
        CREATE_VIEW(false),
        /** CREATE TABLE … FROM SOURCE (new source syntax, docs/materialize.md §2.7): Materialize-only; rewritten. */
        CREATE_TABLE_FROM_SOURCE(true),
        /** SUBSCRIBE: Materialize-only; rewritten. */
        SUBSCRIBE(true),
        /**
         * A Materialize SHOW this layer does not parse ({@code SHOW TABLES}, {@code SHOW COLUMNS FROM x},
         * {@code SHOW CREATE SOURCE x}, {@code SHOW OBJECTS}, …): PostgreSQL has no such SHOW; rewritten or refused.
         */
        MATERIALIZE_SHOW(true),
        /** BEGIN / START TRANSACTION / COMMIT / ROLLBACK. */
        TRANSACTION(false),
        /** Anything else (INSERT, plain CREATE TABLE, SET of other variables, …). */
        OTHER(false);

        private final boolean rewritten;

        PlainKind(boolean rewritten) {
            this.rewritten = rewritten;
        }

        /** True if the emulator must rewrite the statement before the backing PostgreSQL can run it. */
        public boolean rewritten() {
            return rewritten;
        }
    }
}
