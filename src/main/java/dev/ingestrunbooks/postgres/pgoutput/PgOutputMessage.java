package dev.ingestrunbooks.postgres.pgoutput;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pgoutput logical replication messages of protocol version 1, as decoded by {@link PgOutputDecoder}.
 * Field names follow the PostgreSQL documentation; LSNs are {@link Lsn}s and timestamps {@link Instant}s.
 *
 * @see <a href="https://www.postgresql.org/docs/current/protocol-logicalrep-message-formats.html">Logical
 *     Replication Message Formats</a>
 */
public sealed interface PgOutputMessage {

    /** {@code 'B'}: start of a transaction; {@code finalLsn} is the LSN of its commit record. */
    record Begin(Lsn finalLsn, Instant commitTime, int xid) implements PgOutputMessage {
    }

    /** {@code 'C'}: end of a transaction; {@code endLsn} is where the next transaction may start. */
    record Commit(int flags, Lsn commitLsn, Lsn endLsn, Instant commitTime) implements PgOutputMessage {
    }

    /** {@code 'O'}: the transaction came from another node (replication origin). */
    record Origin(Lsn commitLsn, String name) implements PgOutputMessage {
    }

    /** One column of a {@link Relation}; {@code key} is flag bit 1 (part of the replica identity). */
    record Column(boolean key, String name, int typeOid, int typmod) {
    }

    /**
     * {@code 'R'}: the shape of a table, sent before its first change in a session and again after a relcache
     * invalidation (ALTER TABLE, TRUNCATE). {@code replicaIdentity} is {@code d}, {@code n}, {@code f} or {@code i}.
     */
    record Relation(int relationId, String namespace, String name, char replicaIdentity, List<Column> columns)
            implements PgOutputMessage {
        public Relation {
            columns = List.copyOf(columns);
        }

        public String qualifiedName() {
            return namespace + "." + name;
        }
    }

    /** {@code 'Y'}: a non-built-in data type used by a following Relation. */
    record Type(int typeOid, String namespace, String name) implements PgOutputMessage {
    }

    /** One row image. */
    record TupleData(List<TupleValue> values) {
        public TupleData {
            values = List.copyOf(values);
        }

        public int size() {
            return values.size();
        }

        public TupleValue get(int index) {
            return values.get(index);
        }
    }

    /** Which old row image an Update or Delete carries: {@code 'K'} key columns only, {@code 'O'} the full old row. */
    enum OldKind {
        KEY, OLD_ROW
    }

    /** An old row image and its kind. */
    record OldTuple(OldKind kind, TupleData tuple) {
    }

    /** {@code 'I'}: a new row. */
    record Insert(int relationId, TupleData newTuple) implements PgOutputMessage {
    }

    /**
     * {@code 'U'}: a changed row; the old image is present with REPLICA IDENTITY FULL ({@code 'O'}) or when the key
     * changed ({@code 'K'}).
     */
    record Update(int relationId, Optional<OldTuple> oldTuple, TupleData newTuple) implements PgOutputMessage {
    }

    /** {@code 'D'}: a removed row, identified by its key ({@code 'K'}) or full old row ({@code 'O'}). */
    record Delete(int relationId, OldTuple oldTuple) implements PgOutputMessage {
    }

    /** {@code 'T'}: tables truncated; option bits 1 = CASCADE, 2 = RESTART IDENTITY. */
    record Truncate(int options, List<Integer> relationIds) implements PgOutputMessage {
        public Truncate {
            relationIds = List.copyOf(relationIds);
        }

        public boolean cascade() {
            return (options & 1) != 0;
        }

        public boolean restartIdentity() {
            return (options & 2) != 0;
        }
    }

    /** {@code 'M'}: a {@code pg_logical_emit_message} (only with the {@code messages} option). */
    record Message(boolean transactional, Lsn lsn, String prefix, byte[] content) implements PgOutputMessage {
    }
}
