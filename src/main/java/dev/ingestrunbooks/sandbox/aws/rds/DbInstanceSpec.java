package dev.ingestrunbooks.sandbox.aws.rds;

import dev.ingestrunbooks.sandbox.rds.DbEngine;
import java.util.List;
import java.util.Objects;

/**
 * What the sandbox registers as one RDS or Aurora DB instance (there is no CreateDBInstance in the emulator).
 *
 * @param id the DBInstanceIdentifier; stored lowercase, as AWS does
 * @param engine {@code postgres} or {@code aurora-postgresql}
 * @param engineVersion e.g. {@code 16.4}; its major picks the parameter-group family
 * @param address the endpoint address returned verbatim in {@code Endpoint.Address} (a real loopback address)
 * @param port the endpoint port returned verbatim
 * @param clusterId the Aurora cluster (registered first), or null for RDS
 * @param writer for an Aurora member, whether it is the writer; the first member of a cluster is the writer anyway
 * @param dbEngine the server behind the instance, rebooted by RebootDBInstance
 * @param vpcSecurityGroupIds the security groups shown as {@code VpcSecurityGroups} (status {@code active})
 */
public record DbInstanceSpec(String id, String engine, String engineVersion, String address, int port,
        String masterUsername, String dbName, String clusterId, boolean writer, DbEngine dbEngine, List<String> vpcSecurityGroupIds) {

    public DbInstanceSpec {
        requireText(id, "id");
        requireText(address, "address");
        requireText(engineVersion, "engineVersion");
        Objects.requireNonNull(dbEngine, "dbEngine");
        ParameterFamily family = ParameterFamily.of(engine, engineVersion);
        if (family.aurora() && clusterId == null) {
            throw new IllegalArgumentException("an aurora-postgresql instance needs a clusterId: " + id);
        }
        if (!family.aurora() && clusterId != null) {
            throw new IllegalArgumentException("a postgres (RDS) instance has no cluster: " + id);
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port " + port);
        }
        masterUsername = masterUsername == null ? "postgres" : masterUsername;
        dbName = dbName == null ? "postgres" : dbName;
        vpcSecurityGroupIds = vpcSecurityGroupIds == null ? List.of() : List.copyOf(vpcSecurityGroupIds);
    }

    /** An RDS for PostgreSQL instance with master user and database {@code postgres}. */
    public static DbInstanceSpec rds(String id, String engineVersion, String address, int port, DbEngine dbEngine) {
        return new DbInstanceSpec(id, ParameterFamily.POSTGRES, engineVersion, address, port, null, null, null,
                false, dbEngine, List.of());
    }

    /** An Aurora PostgreSQL member of {@code clusterId}. */
    public static DbInstanceSpec auroraMember(String id, String clusterId, String engineVersion, String address,
            int port, boolean writer, DbEngine dbEngine) {
        return new DbInstanceSpec(id, ParameterFamily.AURORA_POSTGRESQL, engineVersion, address, port, null, null,
                clusterId, writer, dbEngine, List.of());
    }

    /** This spec with the given VPC security groups. */
    public DbInstanceSpec withVpcSecurityGroupIds(List<String> ids) {
        return new DbInstanceSpec(id, engine, engineVersion, address, port, masterUsername, dbName, clusterId,
                writer, dbEngine, ids);
    }

    public ParameterFamily family() {
        return ParameterFamily.of(engine, engineVersion);
    }

    static void requireText(String s, String what) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException(what + " is required");
        }
    }
}
