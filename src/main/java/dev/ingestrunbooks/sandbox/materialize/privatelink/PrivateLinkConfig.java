package dev.ingestrunbooks.sandbox.materialize.privatelink;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The region facts a Materialize environment with PrivateLink is configured with (docs/materialize.md §2.3): the
 * AWS account Materialize's roles live in, the environment's external id prefix (both go into every connection's
 * principal {@code arn:aws:iam::<account>:role/mz_<prefix>_<connection id>}), and the availability zone <em>ids</em>
 * of its region, against which {@code AVAILABILITY ZONES} are checked.
 *
 * @param awsAccountId     12 digits; default {@value #MATERIALIZE_ACCOUNT}, the account Materialize's docs show
 * @param externalIdPrefix the environment's id (a UUID in Materialize's cloud); empty: the emulator makes one per
 *                         state directory and keeps it, so principals survive a restart
 * @param zoneIds          the region's AZ ids, in order
 */
public record PrivateLinkConfig(String awsAccountId, Optional<String> externalIdPrefix, List<String> zoneIds) {
    /** The AWS account id in the principals of Materialize's documentation. */
    public static final String MATERIALIZE_ACCOUNT = "664411391173";
    /** us-east-1's zone ids. */
    public static final List<String> US_EAST_1_ZONE_IDS = List.of("use1-az1", "use1-az2", "use1-az3", "use1-az4",
            "use1-az5", "use1-az6");
    private static final Pattern ACCOUNT = Pattern.compile("\\d{12}");

    /** Checks the account id and copies the list. */
    public PrivateLinkConfig {
        if (awsAccountId == null || !ACCOUNT.matcher(awsAccountId).matches()) {
            throw new IllegalArgumentException("an AWS account id has 12 digits: " + awsAccountId);
        }
        externalIdPrefix = Objects.requireNonNullElse(externalIdPrefix, Optional.empty());
        zoneIds = List.copyOf(zoneIds);
    }

    /** Materialize's account, a generated environment id, us-east-1's zones. */
    public static PrivateLinkConfig defaults() {
        return new PrivateLinkConfig(MATERIALIZE_ACCOUNT, Optional.empty(), US_EAST_1_ZONE_IDS);
    }

    /** The same with the region's zone ids {@code ids} (e.g. {@code euc1-az1}, …). */
    public PrivateLinkConfig withZoneIds(List<String> ids) {
        return new PrivateLinkConfig(awsAccountId, externalIdPrefix, ids);
    }

    /** The same with a fixed external id prefix (environment id). */
    public PrivateLinkConfig withExternalIdPrefix(String prefix) {
        return new PrivateLinkConfig(awsAccountId, Optional.of(prefix), zoneIds);
    }

    /** The same with another AWS account id. */
    public PrivateLinkConfig withAwsAccountId(String accountId) {
        return new PrivateLinkConfig(accountId, externalIdPrefix, zoneIds);
    }
}
