/**
 * The EC2 part of the AWS emulator (ec2 protocol): the default VPC, its subnets and availability zones (with zone ids),
 * and security groups with inbound rules, which the sandbox's network asks whether a client may reach an endpoint.
 * Backend ({@link dev.ingestrunbooks.sandbox.aws.ec2.Ec2Backend}) separate from the protocol handlers.
 */
package dev.ingestrunbooks.sandbox.aws.ec2;
