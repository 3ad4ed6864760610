/**
 * The sandbox's AWS control-plane emulator, spoken to by the real AWS SDK v2 and the AWS CLI.
 *
 * <p>Layers (after moto and S3Mock): {@link dev.ingestrunbooks.sandbox.aws.QueryRouter} finds the service of a
 * request (SigV4 scope, else {@code Version}) and its {@link dev.ingestrunbooks.sandbox.aws.ActionHandler};
 * {@code xml/} parses form bodies and writes envelopes; each service package ({@code rds/}, later {@code ec2/} and
 * {@code elbv2/}) has a {@code *Service} with per-action handlers over a backend that holds the model and its state
 * machine and knows nothing of HTTP. Errors are typed {@link dev.ingestrunbooks.sandbox.aws.AwsException}s made by
 * factories.
 *
 * <p>Wiring: {@code AwsEmulator.start()}, then register instances and clusters on {@code rdsBackend()}, hand
 * {@code endpoint()} / {@code rdsClient()} to the drivers, and {@code close()} at the end. See {@code docs/aws.md}.
 */
package dev.ingestrunbooks.sandbox.aws;
