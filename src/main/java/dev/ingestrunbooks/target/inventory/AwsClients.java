package dev.ingestrunbooks.target.inventory;

import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.rds.RdsClient;

/**
 * The RDS client a setup's checks use: its region, and the default credential chain; with an {@code aws_endpoint}
 * (the sandbox's emulator) that endpoint and the emulator's dummy credentials.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** The EC2 client of the setup (security groups for section B's checks). */
    public static Ec2Client ec2(SetupSpec setup) {
        return configure(Ec2Client.builder(), setup).build();
    }

    public static ElasticLoadBalancingV2Client elbv2(SetupSpec setup) {
        return configure(ElasticLoadBalancingV2Client.builder(), setup).build();
    }

    public static RdsClient rds(SetupSpec setup) {
        return configure(RdsClient.builder(), setup).build();
    }

    /** Region, HTTP client, and either the emulator's endpoint and dummy credentials or the default chain. */
    private static <B extends AwsClientBuilder<B, ?> & AwsSyncClientBuilder<B, ?>> B configure(B builder,
            SetupSpec setup) {
        builder.region(Region.of(setup.region())).httpClientBuilder(UrlConnectionHttpClient.builder());
        if (setup.awsEndpoint().isPresent()) {
            builder.endpointOverride(setup.awsEndpoint().get()).credentialsProvider(dev.ingestrunbooks.sandbox.aws.AwsEmulator.CREDENTIALS);
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder;
    }
}
