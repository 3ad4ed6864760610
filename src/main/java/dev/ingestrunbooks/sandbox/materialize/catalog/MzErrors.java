package dev.ingestrunbooks.sandbox.materialize.catalog;

import java.util.List;

/**
 * Factories for every Materialize error the emulator's SQL layer and catalog raise, with Materialize's texts.
 *
 * <p>Texts come from {@code docs/materialize.md} §2 (Materialize's {@code plan/error.rs},
 * {@code pure/error.rs}, {@code sql/catalog.rs} and the parser). SQLSTATEs follow
 * {@code AdapterError::code} in {@code src/adapter/src/error.rs}: parser errors are {@code 42601}
 * (syntax_error); catalog errors and nearly all plan errors, including unknown and duplicate items and
 * {@code PlanError::DependentObjectsStillExist}, are {@code XX000} (internal_error).
 */
public final class MzErrors {
    /** SQLSTATE 42601 syntax_error. */
    public static final String SYNTAX_ERROR = "42601";
    /** SQLSTATE XX000 internal_error, Materialize's code for most catalog and plan errors. */
    public static final String INTERNAL_ERROR = "XX000";
    /** SQLSTATE 0A000 feature_not_supported. */
    public static final String FEATURE_NOT_SUPPORTED = "0A000";
    /** SQLSTATE 58000 system_error: Materialize's code for connection validation failures. */
    public static final String SYSTEM_ERROR = "58000";

    private MzErrors() {
    }

    /** A parser error at character offset {@code position}: {@code Expected <what>, found <token>}. */
    public static MzException expected(String what, String found, int position) {
        return new MzException(SYNTAX_ERROR, "Expected " + what + ", found " + found, null, null, position);
    }

    /** A lexer error at {@code position} with Materialize's text (e.g. {@code unterminated quoted string}). */
    public static MzException syntax(String message, int position) {
        return new MzException(SYNTAX_ERROR, message, null, null, position);
    }

    /** {@code catalog item '<name>' already exists}. */
    public static MzException itemAlreadyExists(String name) {
        return new MzException(INTERNAL_ERROR, "catalog item '" + name + "' already exists", null, null);
    }

    /**
     * {@code <existing item's type> "<database.schema.name>" already exists}: the planner's check
     * ({@code PlanError::ItemAlreadyExists}) that CREATE SOURCE and its subsources run before the catalog's.
     */
    public static MzException itemAlreadyExists(String existingType, String fullName) {
        return new MzException(INTERNAL_ERROR, existingType + " \"" + fullName + "\" already exists", null, null);
    }

    /** {@code cluster '<name>' already exists}. */
    public static MzException clusterAlreadyExists(String name) {
        return new MzException(INTERNAL_ERROR, "cluster '" + name + "' already exists", null, null);
    }

    /** {@code unknown catalog item '<name>'}. */
    public static MzException unknownCatalogItem(String name) {
        return new MzException(INTERNAL_ERROR, "unknown catalog item '" + name + "'", null, null);
    }

    /** {@code unknown cluster '<name>'}. */
    public static MzException unknownCluster(String name) {
        return new MzException(INTERNAL_ERROR, "unknown cluster '" + name + "'", null, null);
    }

    /**
     * {@code <name> is not a <type>}: a reference of the wrong kind, e.g. {@code PASSWORD SECRET pg_connection}
     * ({@code PlanError::InvalidSecret} prints {@code <full name> is not a secret}; the wording for connection
     * references is assumed to follow it).
     */
    public static MzException wrongItemType(String fullName, String expectedType) {
        return new MzException(INTERNAL_ERROR, fullName + " is not a " + expectedType, null, null);
    }

    /** {@code <name> is a <type> not a <expected>}: DROP of the wrong kind ({@code MismatchedObjectType}). */
    public static MzException mismatchedObjectType(String name, String isType, String expectedType) {
        return new MzException(INTERNAL_ERROR, name + " is a " + isType + " not a " + expectedType, null, null);
    }

    /** {@code POSTGRES source validation: <full name> is not a POSTGRES CONNECTION} (purification). */
    public static MzException notPostgresConnection(String fullName) {
        return purification(fullName + " is not a POSTGRES CONNECTION", null, null);
    }

    /**
     * {@code cannot drop <type> "<name>": still depended upon by <depType> "<depName>", …}, hint
     * {@code Use DROP ... CASCADE to drop the dependent objects too.} ({@code PlanError::DependentObjectsStillExist}).
     *
     * @param dependents pairs of dependent type and name, in catalog order
     */
    public static MzException dependentObjectsStillExist(String type, String name, List<String[]> dependents) {
        StringBuilder reasons = new StringBuilder();
        for (String[] d : dependents) {
            reasons.append(reasons.length() == 0 ? "" : ", ").append(d[0]).append(" \"").append(d[1]).append('"');
        }
        return new MzException(INTERNAL_ERROR,
                "cannot drop " + type + " \"" + name + "\": still depended upon by " + reasons, null,
                "Use DROP ... CASCADE to drop the dependent objects too.");
    }

    /**
     * {@code unknown cluster replica size <size>}, hint listing the valid sizes
     * ({@code AdapterError::InvalidClusterReplicaSize}; its SQLSTATE is assumed to be 0A000 like the
     * neighbouring {@code InvalidClusterReplicaAz}).
     */
    public static MzException unknownReplicaSize(String size, List<String> valid) {
        return new MzException(FEATURE_NOT_SUPPORTED, "unknown cluster replica size " + size, null,
                "Valid cluster replica sizes are: " + String.join(", ", valid));
    }

    /** {@code <OPTION> option is required} (connection planning). */
    public static MzException optionRequired(String option) {
        return new MzException(INTERNAL_ERROR, option + " option is required", null, null);
    }

    /** {@code <TYPE> connections do not support <OPTION> values}. */
    public static MzException unsupportedConnectionOption(String type, String option) {
        return new MzException(INTERNAL_ERROR, type + " connections do not support " + option + " values", null, null);
    }

    /** {@code invalid CONNECTION: unknown SSL MODE "<mode>"}. */
    public static MzException unknownSslMode(String mode) {
        return new MzException(INTERNAL_ERROR, "invalid CONNECTION: unknown SSL MODE \"" + mode + "\"", null, null);
    }

    /** {@code CONNECTION must specify PUBLICATION}, prefixed as a purification error. */
    public static MzException publicationRequired() {
        return new MzException(INTERNAL_ERROR, "POSTGRES source validation: CONNECTION must specify PUBLICATION",
                null, null);
    }

    /**
     * {@code SOURCE "<name>" is a subsource and must be dropped with ALTER SOURCE...DROP SUBSOURCE}
     * (v0.59–v0.97).
     */
    public static MzException subsourceNeedsAlter(String name) {
        return new MzException(INTERNAL_ERROR,
                "SOURCE \"" + name + "\" is a subsource and must be dropped with ALTER SOURCE...DROP SUBSOURCE", null,
                null);
    }

    /** {@code another subsource already refers to <qualified table>}. */
    public static MzException subsourceAlreadyRefers(String qualifiedTable) {
        return new MzException(INTERNAL_ERROR, "another subsource already refers to " + qualifiedTable, null, null);
    }

    /**
     * {@code multiple subsources would be named <name>}, detail {@code referenced tables with duplicate name: <refs>}
     * with the upstream references ({@code <database>.<schema>.<table>}) sorted ({@code PlanError::SubsourceNameConflict}).
     */
    public static MzException duplicateSubsourceName(String name, List<String> upstreamReferences) {
        return new MzException(INTERNAL_ERROR, "multiple subsources would be named " + name,
                "referenced tables with duplicate name: " + String.join(", ", upstreamReferences.stream().sorted()
                        .toList()), null);
    }

    /**
     * {@code multiple subsources refer to table <database>.<schema>.<table>}, detail
     * {@code subsources referencing table: <names>} sorted ({@code PlanError::SubsourceDuplicateReference}): one
     * CREATE SOURCE naming the same upstream table twice.
     */
    public static MzException duplicateSubsourceReference(String table, List<String> subsourceNames) {
        return new MzException(INTERNAL_ERROR, "multiple subsources refer to table " + table,
                "subsources referencing table: " + String.join(", ", subsourceNames.stream().sorted().toList()),
                null);
    }

    /**
     * {@code invalid TEXT COLUMNS option value: unexpected multiple references to <database>.<schema>.<table>.<c>}
     * ({@code PlanError::UnexpectedDuplicateReference} inside {@code InvalidOptionValue}).
     */
    public static MzException duplicateTextColumn(String qualifiedColumn) {
        return invalidOption("TEXT COLUMNS", "unexpected multiple references to " + qualifiedColumn);
    }

    /** {@code schema '<name>' already exists} ({@code CatalogError::SchemaAlreadyExists}). */
    public static MzException schemaAlreadyExists(String name) {
        return new MzException(INTERNAL_ERROR, "schema '" + name + "' already exists", null, null);
    }

    /** {@code schema '<name>' cannot be dropped without CASCADE while it contains objects} (the DROP SCHEMA planner). */
    public static MzException schemaNotEmpty(String name) {
        return new MzException(INTERNAL_ERROR, "schema '" + name
                + "' cannot be dropped without CASCADE while it contains objects", null, null);
    }

    /** A schema the emulator cannot drop or create ({@code public} and the system schemas): 0A000. */
    public static MzException schemaUnsupported(String what) {
        return new MzException(FEATURE_NOT_SUPPORTED, what, null, null);
    }

    /** {@code unknown schema '<name>'} ({@code CatalogError::UnknownSchema}). */
    public static MzException unknownSchema(String name) {
        return new MzException(INTERNAL_ERROR, "unknown schema '" + name + "'", null, null);
    }

    /** {@code invalid <OPTION> option value: <problem>} ({@code PlanError::InvalidOptionValue}). */
    public static MzException invalidOption(String option, String problem) {
        return new MzException(INTERNAL_ERROR, "invalid " + option + " option value: " + problem, null, null);
    }

    /** {@code invalid CONNECTION: both SSL KEY and SSL CERTIFICATE are required}. */
    public static MzException sslKeyAndCertificate() {
        return new MzException(INTERNAL_ERROR,
                "invalid CONNECTION: both SSL KEY and SSL CERTIFICATE are required", null, null);
    }

    /** {@code SSH connections do not support supplying USER value as SECRET}. */
    public static MzException sshUserSecret() {
        return new MzException(INTERNAL_ERROR, "SSH connections do not support supplying USER value as SECRET",
                null, null);
    }

    /**
     * {@code <name> is not an SSH connection}: {@code SSH TUNNEL <name>} naming a connection of another type (text
     * and unqualified name as in Materialize's {@code ssh-connections.td}); also used, with the full name, for
     * {@code ALTER CONNECTION … ROTATE KEYS} of a non-SSH connection (that wording is assumed, docs/materialize.md §6).
     */
    public static MzException notSshConnection(String name) {
        return new MzException(INTERNAL_ERROR, name + " is not an SSH connection", null, null);
    }

    /** {@code connection cannot contain duplicate availability zones}, hint listing them. */
    public static MzException duplicateAvailabilityZones(List<String> duplicates) {
        return new MzException(INTERNAL_ERROR, "connection cannot contain duplicate availability zones", null,
                "Duplicated availability zones:\n  " + String.join("\n  ", duplicates));
    }

    /**
     * {@code invalid AWS PrivateLink availability zone "<az>"}, hint naming the known zone ids
     * ({@code PlanError::InvalidPrivatelinkAvailabilityZone}).
     */
    public static MzException invalidAvailabilityZone(String zone, List<String> known) {
        return new MzException(INTERNAL_ERROR, "invalid AWS PrivateLink availability zone \"" + zone + "\"", null,
                "Did you supply an availability zone name instead of an ID? Known availability zone IDs:\n  "
                        + String.join("\n  ", known));
    }

    /** {@code <name> is not an AWS PRIVATELINK connection} (unqualified name, {@code build_tunnel_definition}). */
    public static MzException notPrivateLinkConnection(String name) {
        return new MzException(INTERNAL_ERROR, name + " is not an AWS PRIVATELINK connection", null, null);
    }

    /** {@code cannot specify both SSH TUNNEL and AWS PRIVATELINK}. */
    public static MzException sshTunnelAndPrivateLink() {
        return new MzException(INTERNAL_ERROR, "cannot specify both SSH TUNNEL and AWS PRIVATELINK", null, null);
    }

    /** SQLSTATE 53000 insufficient_resources ({@code AdapterError::ResourceExhaustion}). */
    public static final String INSUFFICIENT_RESOURCES = "53000";

    /**
     * {@code creating AWS PrivateLink Connection would violate max_aws_privatelink_connections limit (desired: <n>,
     * limit: <l>, current: <c>)}: CREATE CONNECTION … TO AWS PRIVATELINK in an environment whose limit (0 by
     * default, raised only where PrivateLink is offered) it would exceed.
     */
    public static MzException privateLinkLimit(int desired, int limit, int current) {
        return new MzException(INSUFFICIENT_RESOURCES, "creating AWS PrivateLink Connection would violate"
                + " max_aws_privatelink_connections limit (desired: " + desired + ", limit: " + limit + ", current: "
                + current + ")", null, null);
    }

    /** {@code POSTGRES source validation: PUBLICATION <name> is empty}. */
    public static MzException emptyPublication(String publication) {
        return purification("PUBLICATION " + publication + " is empty", null, null);
    }

    /** {@code POSTGRES source validation: missing TABLES specification} (deployments without the new syntax). */
    public static MzException missingTablesSpecification() {
        return purification("missing TABLES specification", null,
                "provide a FOR TABLES (..), FOR SCHEMAS (..), or FOR ALL TABLES clause");
    }

    /**
     * {@code POSTGRES source validation: database <db> missing referenced schemas}, detail
     * {@code missing schemas: …}.
     */
    public static MzException missingSchemas(String database, List<String> schemas) {
        return purification("database " + database + " missing referenced schemas",
                "missing schemas: " + String.join(", ", schemas), null);
    }

    /** {@code POSTGRES source validation: <OPTION> option is unnecessary when no tables are added}. */
    public static MzException optionUnnecessary(String option) {
        return purification(option + " option is unnecessary when no tables are added", null,
                "Remove the " + option + " option, as no tables are being added.");
    }

    /** {@code POSTGRES source validation: TEXT COLUMNS refers to table not currently being added}. */
    public static MzException danglingTextColumns(List<String> tables) {
        return purification("TEXT COLUMNS refers to table not currently being added",
                "the following tables are referenced but not added: " + String.join(", ", tables), null);
    }

    /** {@code invalid TEXT COLUMNS option value: column name '<c>' must have at least a table qualification}. */
    public static MzException unqualifiedTextColumn(String column) {
        return new MzException(INTERNAL_ERROR, "invalid TEXT COLUMNS option value: column name '" + column
                + "' must have at least a table qualification", null, null);
    }

    /** {@code reference to <name> not found in source}. */
    public static MzException referenceNotFound(String name) {
        return new MzException(INTERNAL_ERROR, "reference to " + name + " not found in source", null, null);
    }

    /** {@code reference to <name> is ambiguous, consider specifying an additional layer of qualification}. */
    public static MzException ambiguousReference(String name) {
        return new MzException(INTERNAL_ERROR, "reference to " + name
                + " is ambiguous, consider specifying an additional layer of qualification", null, null);
    }

    /** {@code invalid CONNECTION: <TYPE> does not support PORT for AWS PRIVATELINK}. */
    public static MzException privatelinkPortUnsupported(String type) {
        return new MzException(INTERNAL_ERROR,
                "invalid CONNECTION: " + type + " does not support PORT for AWS PRIVATELINK", null, null);
    }

    /**
     * {@code Source error: source must be dropped and recreated due to failure: <e>}: a read of a subsource (or of a
     * view over one) whose ingestion hit a definite error ({@code DataflowError::SourceError} with
     * {@code SourceErrorDetails::Other}, {@code src/storage-types/src/errors.rs}); a failed peek is XX000.
     */
    public static MzException sourceError(String message) {
        return new MzException(INTERNAL_ERROR,
                "Source error: source must be dropped and recreated due to failure: " + message, null, null);
    }

    /**
     * {@code Source error: failed during initialization, source must be dropped and recreated: <e>}: a read of a
     * subsource whose source hit a definite error of the initialization kind, e.g. its publication was dropped
     * ({@code SourceErrorDetails::Initialization}).
     */
    public static MzException sourceInitializationError(String message) {
        return new MzException(INTERNAL_ERROR,
                "Source error: failed during initialization, source must be dropped and recreated: " + message, null,
                null);
    }

    private static MzException purification(String message, String detail, String hint) {
        return new MzException(INTERNAL_ERROR, "POSTGRES source validation: " + message, detail, hint);
    }
}
