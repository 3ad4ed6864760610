package dev.ingestrunbooks.target.inventory;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;

/**
 * The RDS client a setup's checks use: its region, and the default credential chain; with an {@code aws_endpoint}
 * (the sandbox's emulator) that endpoint and the emulator's dummy credentials.
 */
public final class AwsClients {

    private AwsClients() {
    }

    /** The EC2 client of the setup (security groups for section B's checks). */
    public static Ec2Client ec2(SetupSpec setup) {
        Ec2ClientBuilder builder = Ec2Client.builder().region(Region.of(setup.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (setup.awsEndpoint().isPresent()) {
            builder.endpointOverride(setup.awsEndpoint().get()).credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIASANDBOXEXAMPLE", "sandbox-secret-not-real")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    public static RdsClient rds(SetupSpec setup) {
        RdsClientBuilder builder = RdsClient.builder().region(Region.of(setup.region()))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        if (setup.awsEndpoint().isPresent()) {
            builder.endpointOverride(setup.awsEndpoint().get()).credentialsProvider(StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIASANDBOXEXAMPLE", "sandbox-secret-not-real")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
