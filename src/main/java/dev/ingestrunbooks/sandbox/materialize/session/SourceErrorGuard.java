package dev.ingestrunbooks.sandbox.materialize.session;

import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.Source;
import dev.ingestrunbooks.sandbox.materialize.catalog.CatalogItem.SourceKind;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzCatalog;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzErrors;
import dev.ingestrunbooks.sandbox.materialize.catalog.MzException;
import dev.ingestrunbooks.sandbox.materialize.pgwire.SqlError;
import dev.ingestrunbooks.sandbox.materialize.sql.Lexer;
import dev.ingestrunbooks.sandbox.materialize.sql.Token;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes a forwarded statement fail the way a Materialize peek does when it reads a subsource whose ingestion hit a
 * definite error (upstream TRUNCATE, incompatible schema change, …): {@code Source error: source must be dropped
 * and recreated due to failure: <error>} (XX000, spec §4.3). Views and materialized views over such a subsource
 * fail the same way, as their dataflows carry the error.
 *
 * <p>Limits: relations are recognised by name among the statement's identifier tokens (any schema qualifier
 * ignored), so a column named like an errored subsource also trips the check; errors of the whole source (stalled,
 * e.g. a dropped publication) do not fail reads.
 */
final class SourceErrorGuard {
    private final MzCatalog catalog;
    private final SourceManager sources;

    SourceErrorGuard(MzCatalog catalog, SourceManager sources) {
        this.catalog = catalog;
        this.sources = sources;
    }

    /** Throws Materialize's source error if {@code sql} names an errored subsource or a view over one. */
    void check(String sql) throws SqlError {
        Map<String, String> errored = erroredRelations();
        if (errored.isEmpty()) {
            return;
        }
        List<Token> tokens;
        try {
            tokens = Lexer.lex(sql);
        } catch (MzException e) {
            return;
        }
        for (Token token : tokens) {
            if (token.isIdentifier() && errored.containsKey(token.text())) {
                throw Errors.of(MzErrors.sourceError(errored.get(token.text())));
            }
        }
    }

    /** Relation name → definite error: errored subsources, then every view depending on one (transitively). */
    private Map<String, String> erroredRelations() {
        List<CatalogItem> items = catalog.items();
        Map<String, String> errored = new LinkedHashMap<>();
        for (CatalogItem item : items) {
            if (item instanceof Source s && s.kind() == SourceKind.SUBSOURCE) {
                sources.ingestion(s.parentId()).flatMap(i -> i.tableError(s.name()))
                        .ifPresent(error -> errored.put(s.name(), error));
            }
        }
        Set<String> seen = new HashSet<>(errored.keySet());
        boolean grew = !errored.isEmpty();
        while (grew) {
            grew = false;
            for (CatalogItem item : items) {
                if (item instanceof CatalogItem.View v && !seen.contains(v.name())) {
                    for (String reference : v.references()) {
                        if (errored.containsKey(reference)) {
                            errored.put(v.name(), errored.get(reference));
                            seen.add(v.name());
                            grew = true;
                            break;
                        }
                    }
                }
            }
        }
        return errored;
    }
}
