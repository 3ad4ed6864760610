package dev.ingestrunbooks.sandbox.aws.rds;

import java.time.Instant;
import java.util.List;

/** An immutable snapshot of one DB instance, as DescribeDBInstances shows it. */
public record DbInstanceView(String id, String engine, String engineVersion, String status, String address,
        int port, String masterUsername, String dbName, String clusterId, String parameterGroupName,
        String parameterApplyStatus, String arn, String resourceId, Instant createTime, boolean writer,
        List<String> vpcSecurityGroupIds) {
}
