/**
 * The EC2 part of the AWS emulator (ec2 protocol), as far as guide section B needs it: the default VPC, its subnets
 * and availability zones (with zone ids); security groups with inbound rules, which the sandbox's network asks
 * whether a client may reach an endpoint; imported key pairs; instances with AWS's lifecycle ({@code pending} →
 * {@code running}, {@code shutting-down} → {@code terminated}) on loopback addresses the sandbox can bind to; and
 * Elastic IPs; and VPC endpoint services for the PrivateLink tab (the provider's actions, plus the consumer's
 * endpoint as a Java API, {@link dev.ingestrunbooks.sandbox.aws.ec2.EndpointConnectionListener}, and the
 * {@link dev.ingestrunbooks.sandbox.aws.ec2.LoadBalancerDirectory} through which ELBv2's NLBs are looked up). The model ({@link dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend}, with its public snapshots
 * {@link dev.ingestrunbooks.sandbox.aws.ec2.Instance}, {@link dev.ingestrunbooks.sandbox.aws.ec2.KeyPair},
 * {@link dev.ingestrunbooks.sandbox.aws.ec2.ElasticAddress} and the
 * {@link dev.ingestrunbooks.sandbox.aws.ec2.InstanceListener} the sandbox starts servers from) is separate from the
 * protocol handlers, which hold no state. Facts and limits: docs/aws.md §3.
 */
package dev.ingestrunbooks.sandbox.aws.ec2;
